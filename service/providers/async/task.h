#pragma once

// Task<T>: a lazily started C++20 coroutine, awaited by another task or started at the top with
// a completion callback. Handlers are written as coroutines so that they read like the
// reference's async functions (await a response, loop over its events, throw); everything runs
// on the thread of the HttpClient that drives them, resumed from its event loop.
//
// Destroying a task destroys its suspended frame and, through the awaited task it owns, every
// frame below it: that is how a stream is cancelled (the HTTP awaiters abort their replies in
// their destructors). A task must not be destroyed while its own code is running.

#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <utility>

#include "frame_pool.h"

namespace lapce_ai::providers {

template <typename T = void>
class Task;

namespace detail {

struct TaskPromiseBase {
    static void* operator new(std::size_t size) { return frame_pool::allocate(size); }
    static void operator delete(void* frame, std::size_t size) noexcept {
        frame_pool::release(frame, size);
    }

    std::coroutine_handle<> continuation;
    std::function<void(std::exception_ptr)> on_done;  // top-level tasks only
    std::exception_ptr exception;

    std::suspend_always initial_suspend() noexcept { return {}; }

    struct FinalAwaiter {
        bool await_ready() noexcept { return false; }
        template <typename Promise>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> handle) noexcept {
            TaskPromiseBase& promise = handle.promise();
            if (promise.continuation) return promise.continuation;
            if (promise.on_done) {
                // The callback may destroy this frame: nothing here touches it afterwards.
                auto callback = std::move(promise.on_done);
                callback(promise.exception);
            }
            return std::noop_coroutine();
        }
        void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { exception = std::current_exception(); }
};

template <typename T>
struct TaskPromise : TaskPromiseBase {
    std::optional<T> value;
    Task<T> get_return_object() noexcept;
    template <typename U>
    void return_value(U&& result) {
        value.emplace(std::forward<U>(result));
    }
    T take() {
        if (exception) std::rethrow_exception(exception);
        return std::move(*value);
    }
};

template <>
struct TaskPromise<void> : TaskPromiseBase {
    Task<void> get_return_object() noexcept;
    void return_void() noexcept {}
    void take() {
        if (exception) std::rethrow_exception(exception);
    }
};

}  // namespace detail

template <typename T>
class [[nodiscard]] Task {
  public:
    using promise_type = detail::TaskPromise<T>;
    using Handle = std::coroutine_handle<promise_type>;

    Task() = default;
    explicit Task(Handle handle) : handle_(handle) {}
    Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
    Task& operator=(Task&& other) noexcept {
        if (this != &other) {
            reset();
            handle_ = std::exchange(other.handle_, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() { reset(); }

    bool valid() const { return static_cast<bool>(handle_); }
    bool done() const { return handle_ && handle_.done(); }

    // Awaiting runs the task until it finishes, then resumes the awaiting coroutine.
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
        handle_.promise().continuation = awaiting;
        return handle_;
    }
    T await_resume() { return handle_.promise().take(); }

    // Starts a top-level task; `on_done` runs when it finishes, with the exception it threw (or
    // null). The task object must stay alive until then (or be destroyed to cancel it).
    void start(std::function<void(std::exception_ptr)> on_done) {
        handle_.promise().on_done = std::move(on_done);
        handle_.resume();
    }
    // The result of a finished top-level task (rethrows its exception).
    T result() { return handle_.promise().take(); }

  private:
    void reset() {
        if (handle_) handle_.destroy();
        handle_ = {};
    }
    Handle handle_;
};

namespace detail {

template <typename T>
Task<T> TaskPromise<T>::get_return_object() noexcept {
    return Task<T>(std::coroutine_handle<TaskPromise<T>>::from_promise(*this));
}

inline Task<void> TaskPromise<void>::get_return_object() noexcept {
    return Task<void>(std::coroutine_handle<TaskPromise<void>>::from_promise(*this));
}

}  // namespace detail

}  // namespace lapce_ai::providers
