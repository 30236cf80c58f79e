#include "sse_message_reader.h"

#include "provider_error.h"

namespace lapce_ai::providers {

SseMessageReader::SseMessageReader(HttpResponse& response, SseDecoder::Dialect dialect)
    : response_(response), decoder_(dialect) {}

Task<std::optional<SseMessage>> SseMessageReader::next() {
    auto collect = [this](const SseEvent& event) {
        ready_.push_back(
            {event.event ? std::optional<std::string>(std::string(*event.event)) : std::nullopt,
             std::string(event.data)});
    };
    for (;;) {
        if (!ready_.empty()) {
            SseMessage message = std::move(ready_.front());
            ready_.pop_front();
            co_return message;
        }
        if (ended_) co_return std::nullopt;
        const std::optional<QByteArray> bytes = co_await response_.read_some();
        Expected<void, StreamDecodeError> decoded =
            bytes ? decoder_.feed(std::string_view(bytes->constData(),
                                                   static_cast<std::size_t>(bytes->size())),
                                  collect)
                  : decoder_.finish(collect);
        ended_ = !bytes;
        if (!decoded) {
            response_.abort();
            throw ProviderError("Error", decoded.error().message());
        }
    }
}

}  // namespace lapce_ai::providers
