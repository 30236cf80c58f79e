#include "sse_message_reader.h"

#include "provider_error.h"

namespace lapce_ai::providers {

SseMessageReader::SseMessageReader(HttpResponse& response, SseDecoder::Dialect dialect)
    : response_(response), decoder_(dialect) {}

void SseMessageReader::recycle() {
    // A rare huge event must not pin its memory for the rest of the stream.
    constexpr std::size_t kKeptBytes = 64 * 1024;
    for (std::size_t i = 0; i < ready_count_; ++i) {
        if (ready_[i].data.capacity() > kKeptBytes) std::string().swap(ready_[i].data);
    }
    next_ready_ = 0;
    ready_count_ = 0;
}

Task<const SseMessage*> SseMessageReader::next() {
    auto collect = [this](const SseEvent& event) {
        if (ready_count_ == ready_.size()) ready_.emplace_back();
        SseMessage& message = ready_[ready_count_++];
        if (!event.event) {
            message.event.reset();
        } else if (message.event) {
            message.event->assign(*event.event);
        } else {
            message.event.emplace(*event.event);
        }
        message.data.assign(event.data);
    };
    for (;;) {
        if (next_ready_ < ready_count_) co_return &ready_[next_ready_++];
        recycle();
        if (ended_) co_return nullptr;
        const std::optional<std::string_view> bytes = co_await response_.read_some_view();
        Expected<void, StreamDecodeError> decoded =
            bytes ? decoder_.feed(*bytes, collect) : decoder_.finish(collect);
        ended_ = !bytes;
        if (!decoded) {
            response_.abort();
            throw ProviderError("Error", decoded.error().message());
        }
    }
}

}  // namespace lapce_ai::providers
