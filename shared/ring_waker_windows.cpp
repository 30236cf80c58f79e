#include <windows.h>

#include <array>

#include "ring_segment.h"
#include "ring_waker.h"

namespace lapce_ai::ipc {
namespace {

class EventWaker final : public RingWaker {
  public:
    EventWaker(std::array<HANDLE, 4> events, std::array<const void*, 4> words)
        : events_(events), words_(words) {}
    ~EventWaker() override {
        for (HANDLE event : events_) {
            if (event != nullptr) ::CloseHandle(event);
        }
    }
    EventWaker(const EventWaker&) = delete;
    EventWaker& operator=(const EventWaker&) = delete;

    void sleep(std::atomic<std::uint32_t>& word, std::uint32_t seen,
               std::chrono::microseconds timeout) override {
        if (word.load(std::memory_order_acquire) != seen) return;
        const auto milliseconds = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
        ::WaitForSingleObject(event_for(word), static_cast<DWORD>(milliseconds));
    }

    void wake(std::atomic<std::uint32_t>& word) override { ::SetEvent(event_for(word)); }

  private:
    HANDLE event_for(const std::atomic<std::uint32_t>& word) const {
        for (std::size_t i = 0; i < words_.size(); ++i) {
            if (words_[i] == &word) return events_[i];
        }
        return events_[0];
    }

    std::array<HANDLE, 4> events_;
    std::array<const void*, 4> words_;
};

}  // namespace

Expected<std::unique_ptr<RingWaker>, std::string> make_event_waker(const std::string& segment_name,
                                                                   SegmentHeader& header,
                                                                   bool create) {
    const std::array<const void*, 4> words{
        &header.client_to_service.data_signal, &header.client_to_service.space_signal,
        &header.service_to_client.data_signal, &header.service_to_client.space_signal};
    std::array<HANDLE, 4> events{};
    for (std::size_t i = 0; i < events.size(); ++i) {
        const std::string name = segment_name + "-" + std::to_string(i);
        const std::wstring wide(name.begin(), name.end());
        events[i] = create ? ::CreateEventW(nullptr, FALSE, FALSE, wide.c_str())
                           : ::OpenEventW(EVENT_MODIFY_STATE | SYNCHRONIZE, FALSE, wide.c_str());
        if (events[i] == nullptr) {
            const auto error = ::GetLastError();
            for (HANDLE event : events) {
                if (event != nullptr) ::CloseHandle(event);
            }
            return unexpected("cannot " + std::string(create ? "create" : "open") +
                              " wake-up event " + name + ": error " + std::to_string(error));
        }
    }
    return std::unique_ptr<RingWaker>(std::make_unique<EventWaker>(events, words));
}

}  // namespace lapce_ai::ipc
