#include "replay_server.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <deque>

namespace lapce_ai::testing {

using json::OrderedJson;

QByteArray RecordedRequest::header(const QByteArray& lower_case_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_case_name) return value;
    }
    return {};
}

namespace {

QByteArray reason_phrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 402:
            return "Payment Required";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 413:
            return "Payload Too Large";
        case 422:
            return "Unprocessable Entity";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "unknown";  // what Node's http server sends for a code it has no name for
    }
}

QByteArray compact(const OrderedJson& value) {
    return QByteArray::fromStdString(json::json_stringify(value));
}

QByteArray sse_event(const OrderedJson& entry) {
    QByteArray out;
    if (const OrderedJson* comment = entry.find("comment"); comment && comment->is_string()) {
        out += ':' + QByteArray::fromStdString(comment->as_string()) + '\n';
    }
    if (const OrderedJson* event = entry.find("event"); event && event->is_string()) {
        out += "event: " + QByteArray::fromStdString(event->as_string()) + '\n';
    }
    if (const OrderedJson* data = entry.find("data")) {
        const QByteArray text =
            data->is_string() ? QByteArray::fromStdString(data->as_string()) : compact(*data);
        for (const QByteArray& line : text.split('\n')) out += "data: " + line + '\n';
    }
    return out + '\n';
}

std::string replace_port(std::string text, const std::string& port) {
    const std::string placeholder = "{{PORT}}";
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at)) {
        text.replace(at, placeholder.size(), port);
        at += port.size();
    }
    return text;
}

OrderedJson with_port(const OrderedJson& value, const std::string& port) {
    switch (value.type()) {
        case OrderedJson::Type::String:
            return OrderedJson::string(replace_port(value.as_string(), port));
        case OrderedJson::Type::Array: {
            std::vector<OrderedJson> items;
            for (const OrderedJson& item : value.items()) items.push_back(with_port(item, port));
            return OrderedJson::array(std::move(items));
        }
        case OrderedJson::Type::Object: {
            std::vector<json::OrderedJsonMember> members;
            for (const json::OrderedJsonMember& member : value.members())
                members.push_back({member.key, with_port(member.value, port)});
            return OrderedJson::object(std::move(members));
        }
        default:
            return value;
    }
}

}  // namespace

ResponderBody responder_body(const OrderedJson& responder, const EventStreamEncoder& encoder) {
    ResponderBody body;
    if (const OrderedJson* json_body = responder.find("json")) {
        body.default_content_type = "application/json";
        body.pieces.push_back(compact(*json_body));
    } else if (const OrderedJson* raw = responder.find("raw")) {
        body.default_content_type = "text/plain";
        body.pieces.push_back(QByteArray::fromStdString(raw->as_string()));
    } else {
        body.streamed = true;
        if (const OrderedJson* sse = responder.find("sse")) {
            body.default_content_type = "text/event-stream";
            for (const OrderedJson& entry : sse->items()) body.pieces.push_back(sse_event(entry));
        } else if (const OrderedJson* ndjson = responder.find("ndjson")) {
            body.default_content_type = "application/x-ndjson";
            for (const OrderedJson& entry : ndjson->items())
                body.pieces.push_back(compact(entry) + '\n');
        } else if (const OrderedJson* frames = responder.find("eventstream")) {
            body.default_content_type = "application/vnd.amazon.eventstream";
            for (const OrderedJson& entry : frames->items())
                body.pieces.push_back(encoder ? encoder(entry) : QByteArray());
        }
    }
    return body;
}

class ReplayServer::Connection {
  public:
    Connection(ReplayServer& server, QTcpSocket* socket) : server_(server), socket_(socket) {
        QObject::connect(socket_, &QTcpSocket::readyRead, socket_, [this] { on_ready_read(); });
        QObject::connect(socket_, &QTcpSocket::disconnected, socket_, [this] {
            if (responding_ && !cut_) ++server_.interrupted_;
            timer_.stop();
        });
        timer_.setSingleShot(true);
        QObject::connect(&timer_, &QTimer::timeout, socket_, [this] { write_next_piece(); });
    }
    ~Connection() {
        QObject::disconnect(socket_, nullptr, socket_, nullptr);
        socket_->deleteLater();
    }
    bool closed() const { return socket_->state() == QAbstractSocket::UnconnectedState; }

  private:
    void on_ready_read() {
        buffer_ += socket_->readAll();
        if (!responding_) parse_requests();
    }

    // Parses as many complete requests as the buffer holds, answering them one after another.
    void parse_requests() {
        while (!responding_) {
            const qsizetype head_end = buffer_.indexOf("\r\n\r\n");
            if (head_end < 0) return;
            const QList<QByteArray> lines = buffer_.left(head_end).split('\n');
            RecordedRequest request;
            const QList<QByteArray> request_line = lines.value(0).trimmed().split(' ');
            request.method = request_line.value(0);
            request.path = request_line.value(1);
            qsizetype content_length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines[i].trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0) continue;
                QByteArray name = line.left(colon).trimmed().toLower();
                QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "content-length") content_length = value.toLongLong();
                request.headers.emplace_back(std::move(name), std::move(value));
            }
            if (buffer_.size() < head_end + 4 + content_length) return;
            request.body = buffer_.mid(head_end + 4, content_length);
            buffer_.remove(0, head_end + 4 + content_length);
            respond(std::move(request));
        }
    }

    void respond(RecordedRequest request) {
        const OrderedJson* responder = server_.take_responder(request);
        server_.requests_.push_back(std::move(request));
        responding_ = true;
        pieces_.clear();
        cut_ = false;
        if (responder == nullptr) {
            ++server_.unmatched_;
            const QByteArray body = "no responder matches this request";
            pieces_.push_back(head(599, {{"content-type", "text/plain"}}, body.size()) + body);
            schedule(0);
            return;
        }
        const int status = responder->find("status")
                               ? static_cast<int>(responder->find("status")->as_number())
                               : 200;
        std::vector<std::pair<QByteArray, QByteArray>> headers;
        if (const OrderedJson* extra = responder->find("headers"); extra && extra->is_object()) {
            for (const json::OrderedJsonMember& member : extra->members())
                headers.emplace_back(QByteArray::fromStdString(member.key).toLower(),
                                     QByteArray::fromStdString(member.value.as_string()));
        }
        auto header_or = [&](const QByteArray& name, const QByteArray& fallback) {
            for (const auto& [key, value] : headers)
                if (key == name) return;
            headers.emplace_back(name, fallback);
        };
        const OrderedJson* cut_after = responder->find("cut_after");
        const int cut_count = cut_after ? static_cast<int>(cut_after->as_number()) : -1;

        ResponderBody body = responder_body(*responder, server_.encoder_);
        if (!body.default_content_type.isEmpty())
            header_or("content-type", body.default_content_type);
        if (!body.streamed) {
            const QByteArray bytes = body.pieces.empty() ? QByteArray() : body.pieces.front();
            pieces_.push_back(head(status, headers, bytes.size()) + bytes);
            schedule(0);
            return;
        }
        const std::vector<QByteArray>& events = body.pieces;
        pieces_.push_back(head(status, headers, -1));
        int written = 0;
        for (const QByteArray& event : events) {
            if (cut_count >= 0 && written == cut_count) break;
            pieces_.push_back(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
            ++written;
        }
        if (cut_count >= 0 && cut_count < static_cast<int>(events.size())) {
            cut_ = true;
        } else {
            pieces_.push_back("0\r\n\r\n");
        }
        schedule(0);
    }

    QByteArray head(int status, const std::vector<std::pair<QByteArray, QByteArray>>& headers,
                    qsizetype length) {
        QByteArray out =
            "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason_phrase(status) + "\r\n";
        for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
        out += length >= 0 ? "content-length: " + QByteArray::number(length) + "\r\n"
                           : QByteArray("transfer-encoding: chunked\r\n");
        out += "connection: keep-alive\r\n\r\n";
        return out;
    }

    void schedule(int pause_ms) { timer_.start(pause_ms); }

    void write_next_piece() {
        if (!pieces_.empty()) {
            socket_->write(pieces_.front());
            pieces_.pop_front();
            if (!pieces_.empty()) {
                schedule(server_.event_pause_ms_);
                return;
            }
        }
        if (cut_) {
            socket_->flush();
            socket_->disconnectFromHost();
            return;
        }
        responding_ = false;
        parse_requests();
    }

    ReplayServer& server_;
    QTcpSocket* socket_;
    QByteArray buffer_;
    std::deque<QByteArray> pieces_;
    QTimer timer_;
    bool responding_ = false;
    bool cut_ = false;
};

ReplayServer::ReplayServer(OrderedJson responders, std::unique_ptr<QTcpServer> server,
                           QObject* parent)
    : QObject(parent), server_(std::move(server)), responders_(std::move(responders)) {
    tls_ = server_ != nullptr;
    if (!server_) server_ = std::make_unique<QTcpServer>();
    // Emitted once a connection is ready to use (for TLS: after its handshake).
    QObject::connect(server_.get(), &QTcpServer::pendingConnectionAvailable, this,
                     [this] { on_new_connection(); });
}

ReplayServer::~ReplayServer() = default;

bool ReplayServer::listen(quint16 port) {
    // A fixed port lies in the kernel's ephemeral range, so another process's outgoing
    // connection may hold it for a moment: wait for it (up to 10 s) rather than fail.
    constexpr int attempts = 100;
    for (int attempt = 1; !server_->listen(QHostAddress::LocalHost, port); ++attempt) {
        if (port == 0 || attempt == attempts) return false;
        QThread::msleep(100);
    }
    responders_ = with_port(responders_, std::to_string(server_->serverPort()));
    used_.assign(responders_.items().size(), false);
    return true;
}

QByteArray ReplayServer::base_url() const {
    return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") +
           QByteArray::number(server_->serverPort());
}

void ReplayServer::on_new_connection() {
    while (QTcpSocket* socket = server_->nextPendingConnection()) {
        ++connections_;
        live_.push_back(std::make_unique<Connection>(*this, socket));
    }
}

const OrderedJson* ReplayServer::take_responder(const RecordedRequest& request) {
    const std::vector<OrderedJson>& items = responders_.items();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const OrderedJson& responder = items[i];
        const bool repeat = responder.find("repeat") && responder.find("repeat")->as_bool();
        if (used_[i] && !repeat) continue;
        if (const OrderedJson* match = responder.find("match")) {
            if (const OrderedJson* method = match->find("method");
                method && QByteArray::fromStdString(method->as_string()) != request.method)
                continue;
            if (const OrderedJson* path = match->find("path")) {
                const QRegularExpression pattern(QString::fromStdString(path->as_string()));
                if (!pattern.match(QString::fromLatin1(request.path)).hasMatch()) continue;
            }
        }
        used_[i] = true;
        return &responder;
    }
    return nullptr;
}

ReplayServerThread::ReplayServerThread(OrderedJson responders, int event_pause_ms,
                                       std::function<std::unique_ptr<QTcpServer>()> make_server) {
    anchor_.moveToThread(&thread_);
    thread_.start();
    QMetaObject::invokeMethod(
        &anchor_,
        [&] {
            server_ = std::make_unique<ReplayServer>(std::move(responders),
                                                     make_server ? make_server() : nullptr);
            server_->set_event_pause_ms(event_pause_ms);
            if (server_->listen()) base_url_ = server_->base_url();
        },
        Qt::BlockingQueuedConnection);
}

ReplayServerThread::~ReplayServerThread() {
    QMetaObject::invokeMethod(
        &anchor_, [this] { server_.reset(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

template <typename Result, typename Function>
Result ReplayServerThread::on_server_thread(Function function) const {
    Result result{};
    QMetaObject::invokeMethod(
        const_cast<QObject*>(&anchor_), [&] { result = function(*server_); },
        Qt::BlockingQueuedConnection);
    return result;
}

QByteArray ReplayServerThread::base_url() const {
    return base_url_;
}

std::vector<RecordedRequest> ReplayServerThread::requests() const {
    return on_server_thread<std::vector<RecordedRequest>>(
        [](const ReplayServer& server) { return server.requests(); });
}

int ReplayServerThread::connections() const {
    return on_server_thread<int>([](const ReplayServer& server) { return server.connections(); });
}

int ReplayServerThread::interrupted_responses() const {
    return on_server_thread<int>(
        [](const ReplayServer& server) { return server.interrupted_responses(); });
}

}  // namespace lapce_ai::testing
