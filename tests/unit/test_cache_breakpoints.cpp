// The prompt-cache markers of the reference's src/api/transform/caching (its spec tests
// translated): Anthropic, Gemini, Vertex and Vercel AI Gateway.

#include <QTest>

#include "caching/anthropic.h"
#include "caching/gemini.h"
#include "caching/vercel_ai_gateway.h"
#include "caching/vertex.h"
#include "ordered_json.h"
#include "test_json.h"

using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using lapce_ai::json::parse_ordered_json;
namespace caching = lapce_ai::providers::caching;

namespace {

constexpr std::string_view kSystemPrompt = "You are a helpful assistant.";

OrderedJson j(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

#define COMPARE_JSON(actual, expected)                       \
    QCOMPARE(QString::fromStdString(json_stringify(actual)), \
             QString::fromStdString(json_stringify(j(expected))))

std::string text_part(const std::string& text, bool cached) {
    return R"({"type":"text","text":")" + text + "\"" +
           (cached ? R"(,"cache_control":{"type":"ephemeral"}})" : "}");
}

// [{role: system}, {role: user, content: "User message 1"}, … count user messages]
OrderedJson system_and_users(int count) {
    OrderedJson messages = OrderedJson::array(
        {OrderedJson::object({{"role", OrderedJson::string("system")},
                              {"content", OrderedJson::string(std::string(kSystemPrompt))}})});
    for (int i = 1; i <= count; ++i) {
        messages.push_back(OrderedJson::object(
            {{"role", OrderedJson::string("user")},
             {"content", OrderedJson::string("User message " + std::to_string(i))}}));
    }
    return messages;
}

const OrderedJson& content_of(const OrderedJson& messages, std::size_t index) {
    return *messages.items().at(index).find("content");
}

const std::string kCachedSystem =
    R"({"role":"system","content":[{"type":"text","text":"You are a helpful assistant.","cache_control":{"type":"ephemeral"}}]})";

}  // namespace

class TestCacheBreakpoints : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void anthropic_always_marks_the_system_prompt();
    void anthropic_marks_the_last_two_user_messages();
    void anthropic_skips_assistant_messages_when_counting();
    void anthropic_marks_the_last_text_part_or_adds_a_placeholder();
    void gemini_marks_every_nth_user_message();
    void gemini_counts_only_user_messages();
    void gemini_marks_the_last_text_part_or_adds_a_placeholder();
    void gemini_with_frequency_zero_marks_only_the_system_prompt();
    void vertex_returns_a_new_array_with_the_last_two_user_messages_marked();
    void vertex_marks_only_the_last_text_block();
    void vercel_marks_the_system_message_itself();
    void vercel_marks_the_last_two_user_messages();
    void vercel_leaves_empty_text_and_image_only_messages_unmarked();
};

void TestCacheBreakpoints::anthropic_always_marks_the_system_prompt() {
    OrderedJson messages = system_and_users(1);
    caching::anthropic::add_cache_breakpoints(kSystemPrompt, messages);
    COMPARE_JSON(messages.items()[0], kCachedSystem);
    OrderedJson only_system = system_and_users(0);
    caching::anthropic::add_cache_breakpoints(kSystemPrompt, only_system);
    COMPARE_JSON(only_system, "[" + kCachedSystem + "]");
}

void TestCacheBreakpoints::anthropic_marks_the_last_two_user_messages() {
    OrderedJson one = system_and_users(1);
    caching::anthropic::add_cache_breakpoints(kSystemPrompt, one);
    COMPARE_JSON(content_of(one, 1), "[" + text_part("User message 1", true) + "]");

    OrderedJson three = system_and_users(3);
    caching::anthropic::add_cache_breakpoints(kSystemPrompt, three);
    // Every user message becomes an array, marked or not.
    COMPARE_JSON(content_of(three, 1), "[" + text_part("User message 1", false) + "]");
    COMPARE_JSON(content_of(three, 2), "[" + text_part("User message 2", true) + "]");
    COMPARE_JSON(content_of(three, 3), "[" + text_part("User message 3", true) + "]");
}

void TestCacheBreakpoints::anthropic_skips_assistant_messages_when_counting() {
    OrderedJson messages =
        j(R"([{"role":"system","content":"s"},{"role":"user","content":"User message 1"},
        {"role":"assistant","content":"Assistant response 1"},{"role":"user","content":"User message 2"},
        {"role":"assistant","content":"Assistant response 2"},{"role":"user","content":"User message 3"},
        {"role":"assistant","content":"Assistant response 3"}])");
    caching::anthropic::add_cache_breakpoints(kSystemPrompt, messages);
    COMPARE_JSON(content_of(messages, 1), "[" + text_part("User message 1", false) + "]");
    COMPARE_JSON(messages.items()[2], R"({"role":"assistant","content":"Assistant response 1"})");
    COMPARE_JSON(content_of(messages, 3), "[" + text_part("User message 2", true) + "]");
    COMPARE_JSON(content_of(messages, 5), "[" + text_part("User message 3", true) + "]");
}

void TestCacheBreakpoints::anthropic_marks_the_last_text_part_or_adds_a_placeholder() {
    OrderedJson messages =
        j(R"([{"role":"system","content":"s"},{"role":"user","content":"User message 1"},
        {"role":"user","content":[{"type":"text","text":"This is the last user message."},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,..."}},
          {"type":"text","text":"This part should get the breakpoint."}]}])");
    caching::anthropic::add_cache_breakpoints(kSystemPrompt, messages);
    COMPARE_JSON(content_of(messages, 2),
                 R"([{"type":"text","text":"This is the last user message."},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,..."}},
        {"type":"text","text":"This part should get the breakpoint.","cache_control":{"type":"ephemeral"}}])");

    OrderedJson images =
        j(R"([{"role":"system","content":"s"},{"role":"user","content":"User message 1"},
        {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,..."}}]}])");
    caching::anthropic::add_cache_breakpoints(kSystemPrompt, images);
    COMPARE_JSON(content_of(images, 1), "[" + text_part("User message 1", true) + "]");
    COMPARE_JSON(content_of(images, 2),
                 R"([{"type":"image_url","image_url":{"url":"data:image/png;base64,..."}},
        {"type":"text","text":"...","cache_control":{"type":"ephemeral"}}])");
}

void TestCacheBreakpoints::gemini_marks_every_nth_user_message() {
    OrderedJson fewer = system_and_users(4);
    caching::gemini::add_cache_breakpoints(kSystemPrompt, fewer, 5);
    COMPARE_JSON(fewer.items()[0], kCachedSystem);
    for (int i = 1; i <= 4; ++i)
        COMPARE_JSON(content_of(fewer, i),
                     "[" + text_part("User message " + std::to_string(i), false) + "]");

    OrderedJson twelve = system_and_users(12);
    caching::gemini::add_cache_breakpoints(kSystemPrompt, twelve, 5);
    for (int i = 1; i <= 12; ++i) {
        const bool cached = i == 5 || i == 10;
        COMPARE_JSON(content_of(twelve, i),
                     "[" + text_part("User message " + std::to_string(i), cached) + "]");
    }

    OrderedJson default_frequency = system_and_users(10);
    caching::gemini::add_cache_breakpoints(kSystemPrompt, default_frequency);
    COMPARE_JSON(content_of(default_frequency, 10), "[" + text_part("User message 10", true) + "]");
    COMPARE_JSON(content_of(default_frequency, 9), "[" + text_part("User message 9", false) + "]");
}

void TestCacheBreakpoints::gemini_counts_only_user_messages() {
    OrderedJson messages = system_and_users(4);
    messages.push_back(j(R"({"role":"assistant","content":"Assistant response"})"));
    messages.push_back(j(R"({"role":"user","content":"User message 5"})"));
    messages.push_back(j(R"({"role":"assistant","content":"Another response"})"));
    messages.push_back(j(R"({"role":"user","content":"User message 6"})"));
    caching::gemini::add_cache_breakpoints(kSystemPrompt, messages, 5);
    COMPARE_JSON(content_of(messages, 6), "[" + text_part("User message 5", true) + "]");
    COMPARE_JSON(content_of(messages, 8), "[" + text_part("User message 6", false) + "]");
    COMPARE_JSON(messages.items()[5], R"({"role":"assistant","content":"Assistant response"})");
}

void TestCacheBreakpoints::gemini_marks_the_last_text_part_or_adds_a_placeholder() {
    OrderedJson messages = system_and_users(4);
    messages.push_back(
        j(R"({"role":"user","content":[{"type":"text","text":"This is the 5th user message."},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,..."}},
        {"type":"text","text":"This part should get the breakpoint."}]})"));
    caching::gemini::add_cache_breakpoints(kSystemPrompt, messages, 5);
    COMPARE_JSON(content_of(messages, 5),
                 R"([{"type":"text","text":"This is the 5th user message."},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,..."}},
        {"type":"text","text":"This part should get the breakpoint.","cache_control":{"type":"ephemeral"}}])");

    OrderedJson images = system_and_users(4);
    images.push_back(j(
        R"({"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,..."}}]})"));
    caching::gemini::add_cache_breakpoints(kSystemPrompt, images, 5);
    COMPARE_JSON(content_of(images, 5),
                 R"([{"type":"image_url","image_url":{"url":"data:image/png;base64,..."}},
        {"type":"text","text":"...","cache_control":{"type":"ephemeral"}}])");
}

void TestCacheBreakpoints::gemini_with_frequency_zero_marks_only_the_system_prompt() {
    OrderedJson messages = system_and_users(15);
    caching::gemini::add_cache_breakpoints(kSystemPrompt, messages, 0);
    COMPARE_JSON(messages.items()[0], kCachedSystem);
    for (int i = 1; i <= 15; ++i)
        COMPARE_JSON(content_of(messages, i),
                     "[" + text_part("User message " + std::to_string(i), false) + "]");
}

void TestCacheBreakpoints::vertex_returns_a_new_array_with_the_last_two_user_messages_marked() {
    COMPARE_JSON(caching::vertex::add_cache_breakpoints(j("[]")), "[]");
    COMPARE_JSON(
        caching::vertex::add_cache_breakpoints(j(R"([{"role":"assistant","content":"Hello"}])")),
        R"([{"role":"assistant","content":"Hello"}])");
    const OrderedJson messages = j(R"([{"role":"user","content":"User message 1"},
        {"role":"assistant","content":"Assistant response 1"},{"role":"user","content":"User message 2"},
        {"role":"assistant","content":"Assistant response 2"},{"role":"user","content":"User message 3"},
        {"role":"assistant","content":"Assistant response 3"}])");
    const std::string before = json_stringify(messages);
    COMPARE_JSON(caching::vertex::add_cache_breakpoints(messages),
                 R"([{"role":"user","content":"User message 1"},
        {"role":"assistant","content":"Assistant response 1"},
        {"role":"user","content":[)" +
                     text_part("User message 2", true) + R"(]},
        {"role":"assistant","content":"Assistant response 2"},
        {"role":"user","content":[)" +
                     text_part("User message 3", true) + R"(]},
        {"role":"assistant","content":"Assistant response 3"}])");
    QCOMPARE(json_stringify(messages), before);
}

void TestCacheBreakpoints::vertex_marks_only_the_last_text_block() {
    COMPARE_JSON(
        caching::vertex::add_cache_breakpoints(j(R"([{"role":"user","content":"User message 1"},
        {"role":"user","content":[{"type":"text","text":"First text part."},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"..."}},
          {"type":"text","text":"Last text part."}]}])")),
        R"([{"role":"user","content":[)" + text_part("User message 1", true) + R"(]},
        {"role":"user","content":[{"type":"text","text":"First text part."},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"..."}},
          {"type":"text","text":"Last text part.","cache_control":{"type":"ephemeral"}}]}])");
    // No text block: the message is unchanged.
    COMPARE_JSON(
        caching::vertex::add_cache_breakpoints(j(R"([{"role":"user","content":"User message 1"},
        {"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"..."}}]}])")),
        R"([{"role":"user","content":[)" + text_part("User message 1", true) + R"(]},
        {"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"..."}}]}])");
}

void TestCacheBreakpoints::vercel_marks_the_system_message_itself() {
    OrderedJson messages =
        j(R"([{"role":"system","content":"s"},{"role":"assistant","content":"Assistant only"}])");
    caching::vercel_ai_gateway::add_cache_breakpoints(kSystemPrompt, messages);
    COMPARE_JSON(
        messages,
        R"([{"role":"system","content":"You are a helpful assistant.","cache_control":{"type":"ephemeral"}},
        {"role":"assistant","content":"Assistant only"}])");
}

void TestCacheBreakpoints::vercel_marks_the_last_two_user_messages() {
    OrderedJson messages =
        j(R"([{"role":"system","content":"s"},{"role":"user","content":"First message"},
        {"role":"assistant","content":"First response"},{"role":"user","content":"Second message"},
        {"role":"assistant","content":"Second response"},{"role":"user","content":"Third message"},
        {"role":"assistant","content":"Third response"},{"role":"user","content":"Fourth message"}])");
    caching::vercel_ai_gateway::add_cache_breakpoints(kSystemPrompt, messages);
    // Earlier user messages keep their string content.
    COMPARE_JSON(content_of(messages, 1), R"("First message")");
    COMPARE_JSON(content_of(messages, 3), R"("Second message")");
    COMPARE_JSON(content_of(messages, 5), "[" + text_part("Third message", true) + "]");
    COMPARE_JSON(content_of(messages, 7), "[" + text_part("Fourth message", true) + "]");

    OrderedJson parts = j(R"([{"role":"system","content":"s"},{"role":"user","content":[
        {"type":"text","text":"First part"},{"type":"image_url","image_url":{"url":"data:image/png;base64,..."}},
        {"type":"text","text":"Second part"}]}])");
    caching::vercel_ai_gateway::add_cache_breakpoints(kSystemPrompt, parts);
    COMPARE_JSON(content_of(parts, 1), R"([{"type":"text","text":"First part"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,..."}},
        {"type":"text","text":"Second part","cache_control":{"type":"ephemeral"}}])");
}

void TestCacheBreakpoints::vercel_leaves_empty_text_and_image_only_messages_unmarked() {
    OrderedJson empty = j(R"([{"role":"system","content":"s"},{"role":"user","content":""}])");
    caching::vercel_ai_gateway::add_cache_breakpoints(kSystemPrompt, empty);
    COMPARE_JSON(content_of(empty, 1), R"("")");
    OrderedJson images = j(R"([{"role":"system","content":"s"},{"role":"user","content":[
        {"type":"image_url","image_url":{"url":"data:image/png;base64,..."}}]}])");
    caching::vercel_ai_gateway::add_cache_breakpoints(kSystemPrompt, images);
    COMPARE_JSON(content_of(images, 1),
                 R"([{"type":"image_url","image_url":{"url":"data:image/png;base64,..."}}])");
}

QTEST_GUILESS_MAIN(TestCacheBreakpoints)
#include "test_cache_breakpoints.moc"
