// Http1ResponseParser: the engine's own reading of HTTP/1.1 responses: framing by chunks,
// Content-Length or the connection's end, interim responses, keep-alive, and typed refusals of
// what is malformed or too large, whatever the pieces the bytes arrive in.
#include <QTest>

#include <string>
#include <string_view>

#include "http1_response_parser.h"

using namespace lapce_ai::providers;
using Event = Http1ResponseParser::Event;

namespace {

struct Parsed {
    int heads = 0;
    int status = 0;
    std::string body;
    bool complete = false;
    bool keep_alive = false;
    std::string error;
    std::size_t left_over = 0;  // bytes after the response
};

// Feeds `bytes` in pieces of `piece` bytes (0: whole); `closes`: the connection ends after them.
Parsed parse(Http1ResponseParser& parser, std::string_view bytes, std::size_t piece = 0,
             bool closes = false) {
    Parsed parsed;
    bool ended = false;
    const auto handle = [&](const Http1ResponseParser::Step& step) {
        if (step.event == Event::Head) {
            ++parsed.heads;
            parsed.status = parser.head().status;
        } else if (step.event == Event::Body) {
            parsed.body.append(step.body);
        } else if (step.event == Event::Complete) {
            parsed.complete = true;
            parsed.keep_alive = parser.keep_alive();
            ended = true;
        } else if (step.event == Event::Error) {
            parsed.error = parser.error();
            ended = true;
        }
    };
    while (!bytes.empty() && !ended) {
        const std::size_t size = piece == 0 ? bytes.size() : std::min(piece, bytes.size());
        std::string_view slice = bytes.substr(0, size);
        bytes.remove_prefix(size);
        while (!ended) {
            const Http1ResponseParser::Step step = parser.next(slice);
            slice.remove_prefix(step.consumed);
            handle(step);
            if (step.event == Event::NeedMore) break;
        }
        parsed.left_over = slice.size() + bytes.size();
    }
    if (!ended && closes) handle(parser.end_of_input());
    return parsed;
}

Parsed parse(std::string_view bytes, std::size_t piece = 0, bool closes = false) {
    Http1ResponseParser parser;
    return parse(parser, bytes, piece, closes);
}

}  // namespace

class TestHttp1ResponseParser : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void a_chunked_body_is_joined_from_its_chunks_in_any_pieces() {
        const std::string_view response =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
            "\r\n7\r\ndata: a\r\nA;name=value\r\n\n\ndata: b\n\r\n0\r\nX-Trailer: t\r\n\r\n";
        for (const std::size_t piece : {0, 1, 2, 5, 13}) {
            const Parsed parsed = parse(response, piece);
            QCOMPARE(parsed.heads, 1);
            QCOMPARE(parsed.status, 200);
            QCOMPARE(parsed.body, std::string("data: a\n\ndata: b\n"));
            QVERIFY(parsed.complete);
            QVERIFY(parsed.keep_alive);
        }
    }

    void the_head_keeps_status_reason_and_headers_in_order_with_folded_values_joined() {
        Http1ResponseParser parser;
        const Parsed parsed =
            parse(parser,
                  "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\n"
                  "X-Long: one\r\n  two\r\nretry-after: 2\r\nContent-Length: 0\r\n\r\n");
        QVERIFY(parsed.complete);
        QCOMPARE(parser.head().status, 429);
        QCOMPARE(parser.head().reason, QByteArray("Too Many Requests"));
        QCOMPARE(parser.head().headers.size(), std::size_t(4));
        QCOMPARE(parser.head().headers[0].first, QByteArray("Retry-After"));
        QCOMPARE(parser.head().headers[1].second, QByteArray("one two"));
        QCOMPARE(parser.head().headers[2].second, QByteArray("2"));
    }

    void content_length_ends_the_body_and_leaves_what_follows() {
        const Parsed parsed = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA", 3);
        QCOMPARE(parsed.body, std::string("hello"));
        QVERIFY(parsed.complete);
        QCOMPARE(parsed.left_over, std::size_t(5));
    }

    void a_body_without_length_runs_until_the_connection_closes_and_is_not_kept_alive() {
        const std::string_view response = "HTTP/1.1 200 OK\r\n\r\nall of it";
        const Parsed open = parse(response);
        QVERIFY(!open.complete);
        QVERIFY(open.error.empty());
        const Parsed closed = parse(response, 4, true);
        QVERIFY(closed.complete);
        QVERIFY(!closed.keep_alive);
        QCOMPARE(closed.body, std::string("all of it"));
    }

    void keep_alive_follows_the_version_and_the_connection_header() {
        QVERIFY(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive);
        QVERIFY(
            !parse("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n").keep_alive);
        QVERIFY(!parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive);
        QVERIFY(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
                    .keep_alive);
        // A coding other than chunked last: the body runs to the close.
        QVERIFY(!parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nx", 0, true).keep_alive);
    }

    void interim_responses_are_skipped_and_switching_protocols_is_refused() {
        const Parsed parsed = parse(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            7);
        QCOMPARE(parsed.heads, 1);
        QCOMPARE(parsed.status, 200);
        QCOMPARE(parsed.body, std::string("ok"));
        QCOMPARE(parse("HTTP/1.1 101 Switching Protocols\r\n\r\n").error,
                 std::string("unexpected 101 Switching Protocols"));
    }

    void head_204_and_304_responses_have_no_body() {
        Http1ResponseParser head_request(true);
        const Parsed head = parse(head_request, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        QVERIFY(head.complete);
        QVERIFY(head.body.empty());
        for (const char* status : {"204 No Content", "304 Not Modified"}) {
            const std::string response =
                std::string("HTTP/1.1 ") + status + "\r\nContent-Length: 3\r\n\r\nabc";
            const Parsed parsed = parse(response);
            QVERIFY(parsed.complete);
            QVERIFY(parsed.body.empty());
            QCOMPARE(parsed.left_over, std::size_t(3));
        }
    }

    void malformed_responses_are_refused_with_a_reason() {
        QCOMPARE(parse("HELLO\r\n\r\n").error, std::string("malformed HTTP status line"));
        QCOMPARE(parse("HTTP/1.1 20 OK\r\n\r\n").error, std::string("malformed HTTP status line"));
        QCOMPARE(parse("HTTP/1.1 200 OK\r\nno colon\r\n\r\n").error,
                 std::string("malformed HTTP header"));
        QCOMPARE(parse("HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n").error,
                 std::string("malformed HTTP header"));
        QCOMPARE(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").error,
                 std::string("invalid Content-Length"));
        QCOMPARE(parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n").error,
                 std::string("invalid Content-Length"));
        QCOMPARE(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").error,
                 std::string("invalid chunk size"));
        QCOMPARE(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n").error,
                 std::string("chunk data not followed by CRLF"));
    }

    void framing_that_could_be_read_two_ways_ends_the_connection_after_the_response() {
        QVERIFY(!parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
                       "0\r\n\r\n")
                     .keep_alive);
        QVERIFY(!parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked"
                       "\r\n\r\n0\r\n\r\n")
                     .keep_alive);
        QCOMPARE(parse("HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n").error,
                 std::string("malformed HTTP header"));
    }

    void header_fields_and_interim_heads_are_bounded() {
        std::string many = "HTTP/1.1 200 OK\r\n";
        for (std::size_t i = 0; i < Http1ResponseParser::kMaxHeaderFields; ++i)
            many += "h" + std::to_string(i) + ": v\r\n";
        QVERIFY(parse(many + " folded\r\nContent-Length: 0\r\n\r\n").error ==
                std::string("more than 100 HTTP header fields"));
        QVERIFY(parse(many + "\r\n", 0, true).complete);  // exactly 100, body until close
        // Endless interim responses count against one head limit.
        std::string interim;
        while (interim.size() <= Http1ResponseParser::kMaxHeadBytes)
            interim += "HTTP/1.1 100 Continue\r\n\r\n";
        QCOMPARE(parse(interim, 512).error, std::string("response head larger than 64 KiB"));
    }

    void a_response_cut_by_the_connection_is_an_error_that_says_where() {
        QCOMPARE(parse("", 0, true).error, std::string("connection closed before a response"));
        QCOMPARE(parse("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", 0, true).error,
                 std::string("connection closed before the response was complete"));
        QCOMPARE(
            parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab", 1, true).error,
            std::string("connection closed before the response was complete"));
    }

    void lines_are_bounded_however_they_are_split() {
        const std::string huge_header =
            "X-Big: " + std::string(Http1ResponseParser::kMaxHeadBytes, 'a');
        for (const std::size_t piece : {0, 1000}) {
            QCOMPARE(parse("HTTP/1.1 200 OK\r\n" + huge_header + "\r\n\r\n", piece).error,
                     std::string("response head larger than 64 KiB"));
        }
        // Just within the limit, split anywhere: accepted.
        const std::string fits =
            "HTTP/1.1 200 OK\r\nX-Big: " +
            std::string(Http1ResponseParser::kMaxHeadBytes - 47, 'a') +  // 47: the rest
            "\r\nContent-Length: 0\r\n\r\n";
        QCOMPARE(fits.size(), Http1ResponseParser::kMaxHeadBytes);
        for (const std::size_t piece : {0, 1, 777}) QVERIFY(parse(fits, piece).complete);
        const std::string long_chunk_line =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" +
            std::string(Http1ResponseParser::kMaxChunkLineBytes, 'x');
        QCOMPARE(parse(long_chunk_line, 100).error, std::string("chunk size line too long"));
    }
};

QTEST_GUILESS_MAIN(TestHttp1ResponseParser)
#include "test_http1_response_parser.moc"
