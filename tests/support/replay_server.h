#pragma once

// A scripted HTTP/1.1 server on 127.0.0.1 for provider tests: it answers requests from a list of
// responders (the golden providers README's `response_transcript` format) and records every
// request it got. Bodies: `json`, `sse` (events with a short pause between them), `ndjson`,
// `raw`, or `eventstream` (AWS binary frames, through an encoder the test provides);
// `cut_after: N` drops the connection after N events or lines.

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QThread>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ordered_json.h"

namespace lapce_ai::testing {

struct RecordedRequest {
    QByteArray method;
    QByteArray path;                                         // with the query
    std::vector<std::pair<QByteArray, QByteArray>> headers;  // names lower-cased, in arrival order
    QByteArray body;

    QByteArray header(const QByteArray& lower_case_name) const;
};

// One AWS event-stream message for an `eventstream` responder entry ({event, data} or
// {exception, data}).
using EventStreamEncoder = std::function<QByteArray(const json::OrderedJson& entry)>;

// What a responder sends: one piece (`json`, `raw`), or events sent one by one (`sse`,
// `ndjson`, `eventstream`), and the content type used unless the responder names one.
struct ResponderBody {
    QByteArray default_content_type;
    bool streamed = false;
    std::vector<QByteArray> pieces;
};
ResponderBody responder_body(const json::OrderedJson& responder, const EventStreamEncoder& encoder);

class ReplayServer : public QObject {
  public:
    // `responders`: the transcript's array. `{{PORT}}` in it is replaced by the port. `server`:
    // a QSslServer (configured) to serve HTTPS; plain TCP when null.
    explicit ReplayServer(json::OrderedJson responders,
                          std::unique_ptr<QTcpServer> server = nullptr, QObject* parent = nullptr);
    ~ReplayServer() override;

    // Listens on 127.0.0.1 (port 0: any free port; a fixed port busy elsewhere is retried).
    bool listen(quint16 port = 0);
    quint16 port() const { return server_->serverPort(); }
    QByteArray base_url() const;  // http(s)://127.0.0.1:<port>

    void set_event_stream_encoder(EventStreamEncoder encoder) { encoder_ = std::move(encoder); }
    // Pause between streamed events (default 2 ms, as the golden recordings).
    void set_event_pause_ms(int pause) { event_pause_ms_ = pause; }

    const std::vector<RecordedRequest>& requests() const { return requests_; }
    // Connections accepted so far.
    int connections() const { return connections_; }
    // Requests that matched no responder (answered 599 with a message).
    int unmatched() const { return unmatched_; }
    // Connections the client closed while a response was still being written.
    int interrupted_responses() const { return interrupted_; }

  private:
    class Connection;
    friend class Connection;

    // The responder for a request, or nullptr.
    const json::OrderedJson* take_responder(const RecordedRequest& request);
    void on_new_connection();

    std::unique_ptr<QTcpServer> server_;
    bool tls_ = false;
    json::OrderedJson responders_;
    std::vector<bool> used_;
    std::vector<RecordedRequest> requests_;
    std::vector<std::unique_ptr<Connection>> live_;
    EventStreamEncoder encoder_;
    int event_pause_ms_ = 2;
    int connections_ = 0;
    int unmatched_ = 0;
    int interrupted_ = 0;
};

}  // namespace lapce_ai::testing

namespace lapce_ai::testing {

// A ReplayServer on its own thread, for tests whose own thread blocks (a CLI run, a blocking IPC
// call) while the server must keep answering.
class ReplayServerThread {
  public:
    // `make_server` (run on the server's thread) gives a configured QSslServer to serve HTTPS.
    explicit ReplayServerThread(json::OrderedJson responders, int event_pause_ms = 2,
                                std::function<std::unique_ptr<QTcpServer>()> make_server = {});
    ~ReplayServerThread();
    ReplayServerThread(const ReplayServerThread&) = delete;
    ReplayServerThread& operator=(const ReplayServerThread&) = delete;

    bool listening() const { return !base_url_.isEmpty(); }
    QByteArray base_url() const;
    // Snapshots, taken on the server's thread.
    std::vector<RecordedRequest> requests() const;
    int connections() const;
    // Connections the client closed or aborted while a response was still being written.
    int interrupted_responses() const;

  private:
    template <typename Result, typename Function>
    Result on_server_thread(Function function) const;

    QThread thread_;
    QObject anchor_;
    std::unique_ptr<ReplayServer> server_;
    QByteArray base_url_;  // empty until listening
};

}  // namespace lapce_ai::testing
