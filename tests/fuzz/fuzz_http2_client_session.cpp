// libFuzzer harness for Http2ClientSession (the bytes an HTTP/2 server sends back).
//
// Input: [0] bits 0-1: streams opened before the server's bytes (1-4); bit 2: they send a body
// of 70,000 bytes (more than the default windows); bit 3: readers consume what they get at once;
// bit 4: the first stream is cancelled at its first data. [1, 9) a table of slice sizes used
// cyclically (0 = everything left); then the server's bytes.
// Fed whole and in those slices, the session must tell every listener the same things and send
// the same bytes. Each stream hears a head at most once and before any data, and nothing after
// its end or failure. Once the connection has failed, every stream has heard its end or failure
// and nothing more is taken. What the session sends is well-formed frames.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_common.h"
#include "http2_client_session.h"

namespace {

using namespace lapce_ai::providers;

constexpr std::size_t kPrefixBytes = 9;
constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

struct Options {
    int streams = 1;
    bool body = false;
    bool consume = false;
    bool cancel_first = false;
};

struct Listener final : Http2StreamListener {
    Http2ClientSession* session = nullptr;
    std::uint32_t id = 0;
    bool consume = false;
    bool cancel_at_data = false;
    std::string log;  // what it heard, in order
    bool head = false;
    bool over = false;

    void on_http2_head(int status, std::vector<HpackHeader>& headers) override {
        FUZZ_CHECK(!over && !head);
        FUZZ_CHECK(status >= 200 && status <= 999);
        head = true;
        log += "H" + std::to_string(status);
        for (const HpackHeader& header : headers) {
            FUZZ_CHECK(header.name.empty() || header.name.front() != ':');
            log += header.name + ":" + header.value + ";";
        }
    }
    void on_http2_data(std::string_view data) override {
        FUZZ_CHECK(!over && head && !data.empty());
        log += "D" + std::string(data);
        if (cancel_at_data) {
            over = true;
            session->cancel(id);
            return;
        }
        if (consume) session->consumed(id, data.size());
    }
    void on_http2_end() override {
        FUZZ_CHECK(!over && head);
        over = true;
        log += "E";
    }
    void on_http2_failure(const Http2StreamFailure& failure) override {
        FUZZ_CHECK(!over);
        over = true;
        log += "F" + failure.message;
    }
    void on_http2_request_sent() override {}
};

// Every byte the session sent after the preface makes whole frames of a sane size.
void check_frames(std::string_view sent) {
    FUZZ_CHECK(sent.substr(0, kPreface.size()) == kPreface);
    Http2FrameReader reader(std::size_t{1} << 24);
    reader.append(sent.substr(kPreface.size()));
    Http2Frame frame;
    Http2FrameReader::Result result;
    while ((result = reader.next(frame)) == Http2FrameReader::Result::Frame) {
    }
    FUZZ_CHECK(result == Http2FrameReader::Result::NeedMore);
    FUZZ_CHECK(reader.buffered_bytes() == 0);
}

std::string run(const Options& options, std::string_view bytes, const std::uint8_t* table,
                bool whole) {
    Http2ClientSession session;
    std::vector<Listener> listeners(static_cast<std::size_t>(options.streams));
    const std::vector<HpackHeader> head = {{":method", options.body ? "POST" : "GET"},
                                           {":scheme", "https"},
                                           {":authority", "fuzz.test"},
                                           {":path", "/"}};
    for (std::size_t i = 0; i < listeners.size(); ++i) {
        Listener& listener = listeners[i];
        listener.session = &session;
        listener.consume = options.consume;
        listener.cancel_at_data = i == 0 && options.cancel_first;
        listener.id =
            session.open(listener, head, options.body ? std::string(70'000, 'b') : std::string());
    }
    std::string sent = std::exchange(session.output(), {});
    bool failed = false;
    std::size_t slice = 0;
    while (!bytes.empty()) {
        std::size_t size = whole ? 0 : table[slice++ % 8];
        if (size == 0 || size > bytes.size()) size = bytes.size();
        const bool taken = session.receive(bytes.substr(0, size));
        bytes.remove_prefix(size);
        FUZZ_CHECK(!failed || !taken);  // once failed, nothing more
        failed = !taken;
        sent += session.output();
        session.output().clear();
    }
    check_frames(sent);
    std::string outcome;
    for (const Listener& listener : listeners) {
        if (failed) FUZZ_CHECK(listener.over);
        outcome += listener.log + "|";
    }
    if (failed) FUZZ_CHECK(session.failed() && session.open_streams() == 0);
    return outcome + (failed ? "failed:" + session.error() : "") + "|" + sent;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < kPrefixBytes) return 0;
    Options options;
    options.streams = 1 + (data[0] & 0x3);
    options.body = (data[0] & 0x4) != 0;
    options.consume = (data[0] & 0x8) != 0;
    options.cancel_first = (data[0] & 0x10) != 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data + kPrefixBytes),
                                 size - kPrefixBytes);
    const std::string whole = run(options, bytes, data + 1, true);
    const std::string sliced = run(options, bytes, data + 1, false);
    FUZZ_CHECK(whole == sliced);
    return 0;
}
