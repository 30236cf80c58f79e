#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "expected.h"

namespace lapce_ai::ipc {

struct SegmentHeader;

// How a ring side sleeps until the other side signals, and how it signals. Both sides of a
// session agree on one mechanism (proto::WakeMode) in the handshake.
class RingWaker {
  public:
    virtual ~RingWaker() = default;
    // Returns when `word` no longer holds `seen`, when woken, or after `timeout`; spurious
    // returns are allowed (callers re-check their condition).
    virtual void sleep(std::atomic<std::uint32_t>& word, std::uint32_t seen,
                       std::chrono::microseconds timeout) = 0;
    // Wakes the sleeper on `word` (the caller has already changed it).
    virtual void wake(std::atomic<std::uint32_t>& word) = 0;
};

// True where the default waker is a process-shared futex (Linux).
bool futex_available();
// What a ring uses until the session adopts the agreed mechanism: the futex on Linux; elsewhere
// a plain timed sleep (correct, only slower), replaced during the handshake.
RingWaker& default_ring_waker();

#ifndef _WIN32
// Where no futex exists: a sleeper polls the session's control socket and a waker writes one
// byte to it. A byte means "look again", so coalesced or stolen bytes only cost a sleep slice.
class DoorbellWaker final : public RingWaker {
  public:
    explicit DoorbellWaker(int socket_fd) : fd_(socket_fd) {}
    void sleep(std::atomic<std::uint32_t>& word, std::uint32_t seen,
               std::chrono::microseconds timeout) override;
    void wake(std::atomic<std::uint32_t>& word) override;

  private:
    int fd_;
};
#else
// Windows: four auto-reset named events per session ("<segment>-0" … "-3"), one per futex word.
Expected<std::unique_ptr<RingWaker>, std::string> make_event_waker(const std::string& segment_name,
                                                                   SegmentHeader& header,
                                                                   bool create);
#endif

}  // namespace lapce_ai::ipc
