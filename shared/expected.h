#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace lapce_ai {

template <typename E>
struct Unexpected {
    E error;
};

template <typename E>
Unexpected<std::decay_t<E>> unexpected(E&& error) {
    return {std::forward<E>(error)};
}

// A value or a typed error: the C++20 stand-in for std::expected used at every I/O boundary.
template <typename T, typename E>
class [[nodiscard]] Expected {
  public:
    Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    template <typename G>
    Expected(Unexpected<G> error) : state_(std::in_place_index<1>, std::move(error.error)) {}

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }

    const E& error() const {
        assert(!has_value());
        return std::get<1>(state_);
    }

  private:
    std::variant<T, E> state_;
};

template <typename E>
class [[nodiscard]] Expected<void, E> {
  public:
    Expected() = default;
    template <typename G>
    Expected(Unexpected<G> error) : error_(std::move(error.error)), ok_(false) {}

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const E& error() const {
        assert(!ok_);
        return error_;
    }

  private:
    E error_{};
    bool ok_ = true;
};

}  // namespace lapce_ai
