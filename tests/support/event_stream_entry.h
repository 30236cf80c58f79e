#pragma once

// The AWS event-stream bytes of an `eventstream` responder entry (golden providers README):
// `{event, data}` with :event-type / :content-type / :message-type event, or
// `{exception, data}` with :exception-type and :message-type exception; the payload is the
// compact JSON of `data`. Give it to ReplayServer::set_event_stream_encoder.

#include <QByteArray>

#include "ordered_json.h"

namespace lapce_ai::testing {

QByteArray encode_event_stream_entry(const json::OrderedJson& entry);

}  // namespace lapce_ai::testing
