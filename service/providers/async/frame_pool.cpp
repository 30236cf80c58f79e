#include "frame_pool.h"

#include <array>
#include <new>
#include <utility>

namespace lapce_ai::providers::frame_pool {
namespace {

constexpr std::size_t kGranule = 64;
constexpr std::size_t kClasses = 64;  // frames up to 4 KiB are recycled
constexpr std::size_t kKeptPerClass = 8;

struct FreeBlock {
    FreeBlock* next;
};

class ThreadPool {
  public:
    ThreadPool() = default;
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;
    ~ThreadPool() {
        for (Bin& bin : bins_) {
            while (bin.head != nullptr) ::operator delete(std::exchange(bin.head, bin.head->next));
        }
    }

    void* take(std::size_t size_class) {
        Bin& bin = bins_[size_class];
        if (bin.head == nullptr) return nullptr;
        --bin.count;
        return std::exchange(bin.head, bin.head->next);
    }

    bool keep(void* block, std::size_t size_class) {
        Bin& bin = bins_[size_class];
        if (bin.count == kKeptPerClass) return false;
        bin.head = new (block) FreeBlock{bin.head};
        ++bin.count;
        return true;
    }

  private:
    struct Bin {
        FreeBlock* head = nullptr;
        std::size_t count = 0;
    };
    std::array<Bin, kClasses> bins_{};
};

thread_local ThreadPool pool;

std::size_t size_class_of(std::size_t size) {
    return (size + kGranule - 1) / kGranule - 1;
}

}  // namespace

void* allocate(std::size_t size) {
    const std::size_t size_class = size_class_of(size);
    if (size_class >= kClasses) return ::operator new(size);
    if (void* block = pool.take(size_class)) return block;
    return ::operator new((size_class + 1) * kGranule);
}

void release(void* frame, std::size_t size) noexcept {
    const std::size_t size_class = size_class_of(size);
    if (size_class < kClasses && pool.keep(frame, size_class)) return;
    ::operator delete(frame);
}

}  // namespace lapce_ai::providers::frame_pool
