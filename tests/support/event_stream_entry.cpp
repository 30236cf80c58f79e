#include "event_stream_entry.h"

#include "event_stream.h"

namespace lapce_ai::testing {

using json::OrderedJson;
using providers::EventStreamMessage;

QByteArray encode_event_stream_entry(const OrderedJson& entry) {
    EventStreamMessage message;
    if (const OrderedJson* exception = entry.find("exception")) {
        message.set_header(":exception-type", exception->as_string());
        message.set_header(":content-type", std::string("application/json"));
        message.set_header(":message-type", std::string("exception"));
    } else {
        const OrderedJson* event = entry.find("event");
        message.set_header(":event-type",
                           event && event->is_string() ? event->as_string() : std::string());
        message.set_header(":content-type", std::string("application/json"));
        message.set_header(":message-type", std::string("event"));
    }
    const OrderedJson* data = entry.find("data");
    message.body = QByteArray::fromStdString(data ? json::json_stringify(*data) : "null");
    return providers::encode_event_stream_message(message);
}

}  // namespace lapce_ai::testing
