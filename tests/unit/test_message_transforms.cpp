// The message conversions of the reference's src/api/transform (its spec tests translated), and
// a check against golden request bodies whose messages are a plain conversion of the input.

#include <QFile>
#include <QTest>

#include "bedrock_converse_format.h"
#include "gemini_format.h"
#include "golden_case.h"
#include "image_cleaning.h"
#include "mistral_format.h"
#include "openai_format.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "r1_format.h"
#include "simple_format.h"
#include "test_json.h"

using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using lapce_ai::json::parse_ordered_json;
using namespace lapce_ai::providers;

namespace {

OrderedJson j(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

// Compares as JSON.stringify prints (key order included). Apostrophes in the JSON texts are
// written \u0027: moc's preprocessor misreads them inside raw strings.
#define COMPARE_JSON(actual, expected)                       \
    QCOMPARE(QString::fromStdString(json_stringify(actual)), \
             QString::fromStdString(json_stringify(j(expected))))

// The message of the ProviderError `call` throws ("<name>: <message>"), empty when none.
template <typename Call>
QString thrown(Call call) {
    try {
        call();
    } catch (const ProviderError& error) {
        return QString::fromStdString(error.name() + ": " + error.message());
    }
    return {};
}

}  // namespace

class TestMessageTransforms : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // openai-format.spec.ts
    void openai_converts_simple_text_messages();
    void openai_converts_images_to_data_urls();
    void openai_turns_tool_use_into_tool_calls();
    void openai_turns_tool_results_into_tool_messages_first();
    void openai_leaves_out_undefined_content_and_tool_calls();
    // r1-format.spec.ts
    void r1_converts_basic_text_messages();
    void r1_merges_consecutive_messages_of_one_role();
    void r1_converts_images();
    void r1_keeps_text_before_images();
    void r1_merges_mixed_content_messages();
    void r1_handles_empty_input_and_content();
    void r1_merges_a_string_into_parts();
    // simple-format.spec.ts
    void simple_content_flattens_blocks();
    void simple_messages_keep_roles();
    // gemini-format.spec.ts
    void gemini_converts_text_and_roles();
    void gemini_converts_images_and_rejects_other_sources();
    void gemini_converts_tool_use_and_results();
    void gemini_tool_results_with_images_are_followed_by_them();
    void gemini_rejects_unsupported_blocks();
    // mistral-format.spec.ts
    void mistral_converts_text_messages_to_the_wire_form();
    void mistral_converts_user_images_and_drops_tool_results();
    void mistral_joins_assistant_text_and_drops_tool_use();
    void mistral_converts_a_mixed_conversation();
    // bedrock-converse-format.spec.ts
    void bedrock_converts_text_messages();
    void bedrock_converts_images_to_base64_bytes();
    void bedrock_rejects_bad_base64_and_formats();
    void bedrock_converts_tool_use_to_xml();
    void bedrock_converts_tool_results();
    void bedrock_marks_what_the_sdk_cannot_serialise();
    // image-cleaning.spec.ts
    void image_cleaning_keeps_images_for_models_that_support_them();
    void image_cleaning_replaces_images_and_keeps_other_fields();
    // golden request bodies
    void golden_request_messages_are_rebuilt_from_the_input();
};

void TestMessageTransforms::openai_converts_simple_text_messages() {
    COMPARE_JSON(
        convert_to_openai_messages(j(R"([{"role":"user","content":"Hello"},
        {"role":"assistant","content":"Hi there!"}])")),
        R"([{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there!"}])");
}

void TestMessageTransforms::openai_converts_images_to_data_urls() {
    COMPARE_JSON(convert_to_openai_messages(j(R"([{"role":"user","content":[
        {"type":"text","text":"What is in this image?"},
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"base64data"}}]}])")),
                 R"([{"role":"user","content":[{"type":"text","text":"What is in this image?"},
        {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,base64data"}}]}])");
}

void TestMessageTransforms::openai_turns_tool_use_into_tool_calls() {
    COMPARE_JSON(convert_to_openai_messages(j(R"([{"role":"assistant","content":[
        {"type":"text","text":"Let me check the weather."},
        {"type":"tool_use","id":"weather-123","name":"get_weather","input":{"city":"London"}}]}])")),
                 R"([{"role":"assistant","content":"Let me check the weather.","tool_calls":[
        {"id":"weather-123","type":"function",
         "function":{"name":"get_weather","arguments":"{\"city\":\"London\"}"}}]}])");
}

void TestMessageTransforms::openai_turns_tool_results_into_tool_messages_first() {
    COMPARE_JSON(
        convert_to_openai_messages(j(R"([{"role":"user","content":[
        {"type":"tool_result","tool_use_id":"weather-123","content":"Current temperature in London: 20°C"}]}])")),
        R"([{"role":"tool","tool_call_id":"weather-123","content":"Current temperature in London: 20°C"}])");
    // Array results are joined, images noted; the user's own parts follow in one message.
    COMPARE_JSON(
        convert_to_openai_messages(j(R"([{"role":"user","content":[
        {"type":"text","text":"feedback"},
        {"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"a"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"x"}}]},
        {"type":"tool_result","tool_use_id":"t2"}]}])")),
        R"j([{"role":"tool","tool_call_id":"t1","content":"a\n(see following user message for image)"},
        {"role":"tool","tool_call_id":"t2","content":""},
        {"role":"user","content":[{"type":"text","text":"feedback"}]}])j");
}

void TestMessageTransforms::openai_leaves_out_undefined_content_and_tool_calls() {
    COMPARE_JSON(convert_to_openai_messages(j(R"([{"role":"assistant","content":[]},
        {"role":"user","content":[{"type":"thinking","thinking":"x"}]}])")),
                 R"([{"role":"assistant"}])");
}

void TestMessageTransforms::r1_converts_basic_text_messages() {
    COMPARE_JSON(
        convert_to_r1_format(
            j(R"([{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there"}])")),
        R"([{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there"}])");
}

void TestMessageTransforms::r1_merges_consecutive_messages_of_one_role() {
    COMPARE_JSON(
        convert_to_r1_format(
            j(R"([{"role":"user","content":"Hello"},{"role":"user","content":"How are you?"},
        {"role":"assistant","content":"Hi!"},{"role":"assistant","content":"I\u0027m doing well"}])")),
        R"([{"role":"user","content":"Hello\nHow are you?"},{"role":"assistant","content":"Hi!\nI\u0027m doing well"}])");
}

void TestMessageTransforms::r1_converts_images() {
    COMPARE_JSON(
        convert_to_r1_format(j(R"([{"role":"user","content":[
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"base64data"}}]}])")),
        R"([{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,base64data"}}]}])");
}

void TestMessageTransforms::r1_keeps_text_before_images() {
    COMPARE_JSON(convert_to_r1_format(j(R"([{"role":"user","content":[
        {"type":"text","text":"Check this image:"},
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"base64data"}}]}])")),
                 R"([{"role":"user","content":[{"type":"text","text":"Check this image:"},
        {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,base64data"}}]}])");
}

void TestMessageTransforms::r1_merges_mixed_content_messages() {
    COMPARE_JSON(convert_to_r1_format(j(R"([
        {"role":"user","content":[{"type":"text","text":"First image:"},
          {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"image1"}}]},
        {"role":"user","content":[{"type":"text","text":"Second image:"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"image2"}}]}])")),
                 R"([{"role":"user","content":[{"type":"text","text":"First image:"},
        {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,image1"}},
        {"type":"text","text":"Second image:"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,image2"}}]}])");
}

void TestMessageTransforms::r1_handles_empty_input_and_content() {
    COMPARE_JSON(convert_to_r1_format(j("[]")), "[]");
    COMPARE_JSON(convert_to_r1_format(
                     j(R"([{"role":"user","content":""},{"role":"assistant","content":""}])")),
                 R"([{"role":"user","content":""},{"role":"assistant","content":""}])");
}

void TestMessageTransforms::r1_merges_a_string_into_parts() {
    // An empty previous string becomes a text part "" ("" || ""); text parts join with "\n".
    COMPARE_JSON(
        convert_to_r1_format(j(R"([{"role":"user","content":""},
        {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"d"}}]},
        {"role":"user","content":"tail"}])")),
        R"([{"role":"user","content":[{"type":"text","text":""},{"type":"text","text":"a\nb"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,d"}},{"type":"text","text":"tail"}]}])");
}

void TestMessageTransforms::simple_content_flattens_blocks() {
    QCOMPARE(convert_to_simple_content(j(R"("Hello world")")), std::string("Hello world"));
    QCOMPARE(convert_to_simple_content(
                 j(R"([{"type":"text","text":"Hello"},{"type":"text","text":"world"}])")),
             std::string("Hello\nworld"));
    QCOMPARE(convert_to_simple_content(j(R"([{"type":"text","text":"Here\u0027s an image:"},
        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"base64data"}}])")),
             std::string("Here's an image:\n[Image: image/png]"));
    QCOMPARE(convert_to_simple_content(j(R"([{"type":"text","text":"Using a tool:"},
        {"type":"tool_use","id":"tool-1","name":"read_file","input":{"path":"test.txt"}}])")),
             std::string("Using a tool:\n[Tool Use: read_file]"));
    QCOMPARE(convert_to_simple_content(j(R"([{"type":"text","text":"Tool result:"},
        {"type":"tool_result","tool_use_id":"tool-1","content":"Result text"}])")),
             std::string("Tool result:\nResult text"));
    QCOMPARE(
        convert_to_simple_content(j(R"([{"type":"tool_result","tool_use_id":"tool-1","content":[
        {"type":"text","text":"Result 1"},
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"base64data"}},
        {"type":"text","text":"Result 2"}]}])")),
        std::string("Result 1\n[Image: image/jpeg]\nResult 2"));
    QCOMPARE(
        convert_to_simple_content(j(
            R"([{"type":"text","text":"Hello"},{"type":"text","text":""},{"type":"text","text":"world"}])")),
        std::string("Hello\nworld"));
}

void TestMessageTransforms::simple_messages_keep_roles() {
    COMPARE_JSON(
        convert_to_simple_messages(
            j(R"([{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there"}])")),
        R"([{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there"}])");
    COMPARE_JSON(convert_to_simple_messages(j(R"([
        {"role":"user","content":[{"type":"text","text":"Look at this:"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"base64data"}}]},
        {"role":"assistant","content":[{"type":"text","text":"I see the image"},
          {"type":"tool_use","id":"tool-1","name":"analyze_image","input":{"data":"base64data"}}]}])")),
                 R"([{"role":"user","content":"Look at this:\n[Image: image/png]"},
        {"role":"assistant","content":"I see the image\n[Tool Use: analyze_image]"}])");
}

void TestMessageTransforms::gemini_converts_text_and_roles() {
    COMPARE_JSON(
        convert_anthropic_message_to_gemini(j(R"({"role":"user","content":"Hello, world!"})")),
        R"({"role":"user","parts":[{"text":"Hello, world!"}]})");
    COMPARE_JSON(convert_anthropic_message_to_gemini(
                     j(R"({"role":"assistant","content":"I\u0027m an assistant"})")),
                 R"({"role":"model","parts":[{"text":"I\u0027m an assistant"}]})");
    COMPARE_JSON(
        convert_anthropic_message_to_gemini(j(R"({"role":"user","content":[
        {"type":"text","text":"First paragraph"},{"type":"text","text":"Second paragraph"}]})")),
        R"({"role":"user","parts":[{"text":"First paragraph"},{"text":"Second paragraph"}]})");
}

void TestMessageTransforms::gemini_converts_images_and_rejects_other_sources() {
    COMPARE_JSON(convert_anthropic_message_to_gemini(j(R"({"role":"user","content":[
        {"type":"text","text":"Check out this image:"},
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"base64encodeddata"}}]})")),
                 R"({"role":"user","parts":[{"text":"Check out this image:"},
        {"inlineData":{"data":"base64encodeddata","mimeType":"image/jpeg"}}]})");
    QCOMPARE(thrown([] {
                 convert_anthropic_message_to_gemini(j(R"({"role":"user","content":[
            {"type":"image","source":{"type":"url","url":"https://example.com/image.jpg"}}]})"));
             }),
             QStringLiteral("Error: Unsupported image source type"));
}

void TestMessageTransforms::gemini_converts_tool_use_and_results() {
    COMPARE_JSON(convert_anthropic_message_to_gemini(j(R"({"role":"assistant","content":[
        {"type":"text","text":"Let me calculate that for you."},
        {"type":"tool_use","id":"calc-123","name":"calculator","input":{"operation":"add","numbers":[2,3]}}]})")),
                 R"({"role":"model","parts":[{"text":"Let me calculate that for you."},
        {"functionCall":{"name":"calculator","args":{"operation":"add","numbers":[2,3]}}}]})");
    COMPARE_JSON(convert_anthropic_message_to_gemini(j(R"({"role":"user","content":[
        {"type":"text","text":"Here\u0027s the result:"},
        {"type":"tool_result","tool_use_id":"calculator-123","content":"The result is 5"}]})")),
                 R"({"role":"user","parts":[{"text":"Here\u0027s the result:"},
        {"functionResponse":{"name":"calculator","response":{"name":"calculator","content":"The result is 5"}}}]})");
    COMPARE_JSON(convert_anthropic_message_to_gemini(j(R"({"role":"user","content":[
        {"type":"tool_result","tool_use_id":"calculator-123","content":null}]})")),
                 R"({"role":"user","parts":[]})");
    COMPARE_JSON(convert_anthropic_message_to_gemini(j(R"({"role":"user","content":[
        {"type":"tool_result","tool_use_id":"search-123","content":[
          {"type":"text","text":"First result"},{"type":"text","text":"Second result"}]}]})")),
                 R"({"role":"user","parts":[{"functionResponse":{"name":"search",
        "response":{"name":"search","content":"First result\n\nSecond result"}}}]})");
}

void TestMessageTransforms::gemini_tool_results_with_images_are_followed_by_them() {
    COMPARE_JSON(convert_anthropic_message_to_gemini(j(R"({"role":"user","content":[
        {"type":"tool_result","tool_use_id":"search-123","content":[{"type":"text","text":"Search results:"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"image1data"}},
          {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"image2data"}}]}]})")),
                 R"j({"role":"user","parts":[
        {"functionResponse":{"name":"search","response":{"name":"search",
          "content":"Search results:\n\n(See next part for image)"}}},
        {"inlineData":{"data":"image1data","mimeType":"image/png"}},
        {"inlineData":{"data":"image2data","mimeType":"image/jpeg"}}]})j");
    COMPARE_JSON(convert_anthropic_message_to_gemini(j(R"({"role":"user","content":[
        {"type":"tool_result","tool_use_id":"imagesearch-123","content":[
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"onlyimagedata"}}]}]})")),
                 R"j({"role":"user","parts":[
        {"functionResponse":{"name":"imagesearch","response":{"name":"imagesearch",
          "content":"\n\n(See next part for image)"}}},
        {"inlineData":{"data":"onlyimagedata","mimeType":"image/png"}}]})j");
}

void TestMessageTransforms::gemini_rejects_unsupported_blocks() {
    QCOMPARE(thrown([] {
                 convert_anthropic_message_to_gemini(j(
                     R"({"role":"user","content":[{"type":"unknown_type","data":"some data"}]})"));
             }),
             QStringLiteral("Error: Unsupported content block type: unknown_type"));
    QCOMPARE(thrown([] {
                 convert_anthropic_content_to_gemini(j(R"([{"type":"thinking","thinking":"hm"}])"));
             }),
             QStringLiteral("Error: Unsupported content block type: thinking"));
}

void TestMessageTransforms::mistral_converts_text_messages_to_the_wire_form() {
    COMPARE_JSON(
        convert_to_mistral_messages(
            j(R"([{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there!"}])")),
        R"([{"content":"Hello","role":"user"},{"content":"Hi there!","prefix":false,"role":"assistant"}])");
}

void TestMessageTransforms::mistral_converts_user_images_and_drops_tool_results() {
    COMPARE_JSON(convert_to_mistral_messages(j(R"([{"role":"user","content":[
        {"type":"text","text":"What is in this image?"},
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"base64data"}}]}])")),
                 R"([{"content":[{"text":"What is in this image?","type":"text"},
        {"image_url":{"url":"data:image/jpeg;base64,base64data"},"type":"image_url"}],"role":"user"}])");
    COMPARE_JSON(convert_to_mistral_messages(j(R"([{"role":"user","content":[
        {"type":"tool_result","tool_use_id":"weather-123","content":"Current temperature in London: 20°C"}]}])")),
                 "[]");
    COMPARE_JSON(
        convert_to_mistral_messages(j(R"([{"role":"user","content":[
        {"type":"text","text":"Here\u0027s the weather data and an image:"},
        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"imagedata123"}},
        {"type":"tool_result","tool_use_id":"weather-123","content":"Current temperature in London: 20°C"}]}])")),
        R"([{"content":[{"text":"Here\u0027s the weather data and an image:","type":"text"},
        {"image_url":{"url":"data:image/png;base64,imagedata123"},"type":"image_url"}],"role":"user"}])");
}

void TestMessageTransforms::mistral_joins_assistant_text_and_drops_tool_use() {
    COMPARE_JSON(
        convert_to_mistral_messages(j(R"([{"role":"assistant","content":[
        {"type":"text","text":"First paragraph of information."},
        {"type":"text","text":"Second paragraph with more details."}]}])")),
        R"([{"content":"First paragraph of information.\nSecond paragraph with more details.",
        "prefix":false,"role":"assistant"}])");
    COMPARE_JSON(
        convert_to_mistral_messages(j(R"([{"role":"assistant","content":[
        {"type":"text","text":"Let me check the weather for you."},
        {"type":"tool_use","id":"weather-123","name":"get_weather","input":{"city":"London"}}]}])")),
        R"([{"content":"Let me check the weather for you.","prefix":false,"role":"assistant"}])");
    // No text: content is undefined and left out.
    COMPARE_JSON(convert_to_mistral_messages(j(R"([{"role":"assistant","content":[
        {"type":"tool_use","id":"search-123","name":"search_info","input":{"query":"test query"}}]}])")),
                 R"([{"prefix":false,"role":"assistant"}])");
}

void TestMessageTransforms::mistral_converts_a_mixed_conversation() {
    const OrderedJson converted = convert_to_mistral_messages(j(R"([
        {"role":"user","content":[{"type":"text","text":"What\u0027s in this image?"},
          {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"imagedata"}}]},
        {"role":"assistant","content":[{"type":"text","text":"This image shows a landscape with mountains."},
          {"type":"tool_use","id":"search-123","name":"search_info","input":{"query":"mountain types"}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"search-123",
          "content":"Found information about different mountain types."}]},
        {"role":"assistant","content":"Based on the search results, I can tell you more about the mountains in the image."}])"));
    QCOMPARE(converted.items().size(), std::size_t(3));
    QCOMPARE(converted.items()[0].find("content")->items().size(), std::size_t(2));
    COMPARE_JSON(
        converted.items()[1],
        R"({"content":"This image shows a landscape with mountains.","prefix":false,"role":"assistant"})");
    COMPARE_JSON(
        converted.items()[2],
        R"({"content":"Based on the search results, I can tell you more about the mountains in the image.",
        "prefix":false,"role":"assistant"})");
}

void TestMessageTransforms::bedrock_converts_text_messages() {
    COMPARE_JSON(
        convert_to_bedrock_converse_messages(
            j(R"([{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there"}])")),
        R"([{"content":[{"text":"Hello"}],"role":"user"},{"content":[{"text":"Hi there"}],"role":"assistant"}])");
    COMPARE_JSON(convert_to_bedrock_converse_messages(
                     j(R"([{"role":"user","content":[{"type":"text","text":"Hello world"}]}])")),
                 R"([{"content":[{"text":"Hello world"}],"role":"user"}])");
}

void TestMessageTransforms::bedrock_converts_images_to_base64_bytes() {
    COMPARE_JSON(convert_to_bedrock_converse_messages(j(R"([{"role":"user","content":[
        {"type":"text","text":"Look at this image:"},
        {"type":"image","source":{"type":"base64","data":"SGVsbG8=","media_type":"image/jpeg"}}]}])")),
                 R"([{"content":[{"text":"Look at this image:"},
        {"image":{"format":"jpeg","source":{"bytes":"SGVsbG8="}}}],"role":"user"}])");
    // atob is forgiving (whitespace, missing padding); the SDK writes canonical base64.
    COMPARE_JSON(
        convert_to_bedrock_converse_messages(j(R"([{"role":"user","content":[
        {"type":"image","source":{"type":"base64","data":" SGVs\nbG8","media_type":"image/png"}}]}])")),
        R"([{"content":[{"image":{"format":"png","source":{"bytes":"SGVsbG8="}}}],"role":"user"}])");
}

void TestMessageTransforms::bedrock_rejects_bad_base64_and_formats() {
    QCOMPARE(thrown([] {
                 convert_to_bedrock_converse_messages(j(R"([{"role":"user","content":[
            {"type":"image","source":{"type":"base64","data":"SGV*","media_type":"image/png"}}]}])"));
             }),
             QStringLiteral("InvalidCharacterError: Invalid character"));
    QCOMPARE(thrown([] {
                 convert_to_bedrock_converse_messages(j(R"([{"role":"user","content":[
            {"type":"image","source":{"type":"base64","data":"SGVsb","media_type":"image/png"}}]}])"));
             }),
             QStringLiteral(
                 "InvalidCharacterError: The string to be decoded is not correctly encoded."));
    QCOMPARE(thrown([] {
                 convert_to_bedrock_converse_messages(j(R"([{"role":"user","content":[
            {"type":"image","source":{"type":"base64","data":"SGVsbG8=","media_type":"image/tiff"}}]}])"));
             }),
             QStringLiteral("Error: Unsupported image format: tiff"));
}

void TestMessageTransforms::bedrock_converts_tool_use_to_xml() {
    COMPARE_JSON(
        convert_to_bedrock_converse_messages(j(R"([{"role":"assistant","content":[
        {"type":"tool_use","id":"test-id","name":"read_file","input":{"path":"test.txt"}}]}])")),
        R"([{"content":[{"toolUse":{"input":"<read_file>\n<path>\ntest.txt\n</path>\n</read_file>",
        "name":"read_file","toolUseId":"test-id"}}],"role":"assistant"}])");
    // Object.entries order (index keys first) and String() of the values.
    COMPARE_JSON(
        convert_to_bedrock_converse_messages(j(R"([{"role":"assistant","content":[
        {"type":"tool_use","id":"t","name":"x","input":{"b":[1,2],"1":true,"o":{"k":1}}}]}])")),
        R"([{"content":[{"toolUse":{"input":"<x>\n<1>\ntrue\n</1>\n<b>\n1,2\n</b>\n<o>\n[object Object]\n</o>\n</x>",
        "name":"x","toolUseId":"t"}}],"role":"assistant"}])");
}

void TestMessageTransforms::bedrock_converts_tool_results() {
    COMPARE_JSON(
        convert_to_bedrock_converse_messages(j(R"([{"role":"assistant","content":[
        {"type":"tool_result","tool_use_id":"test-id","content":[{"type":"text","text":"File contents here"}]}]}])")),
        R"([{"content":[{"toolResult":{"content":[{"text":"File contents here"}],"status":"success",
        "toolUseId":"test-id"}}],"role":"assistant"}])");
    // A string content is not read (the reference looks at `output`): the text is "".
    COMPARE_JSON(
        convert_to_bedrock_converse_messages(j(R"([{"role":"user","content":[
        {"type":"tool_result","tool_use_id":"id","content":"ignored"},{"type":"thinking","thinking":"t"}]}])")),
        R"([{"content":[{"toolResult":{"content":[{"text":""}],"status":"success","toolUseId":"id"}},
        {"text":"[Unknown Block Type]"}],"role":"user"}])");
}

void TestMessageTransforms::bedrock_marks_what_the_sdk_cannot_serialise() {
    const OrderedJson converted =
        convert_to_bedrock_converse_messages(j(R"([{"role":"user","content":[
        {"type":"tool_result","tool_use_id":"id","content":[
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA=="}}]}]}])"));
    COMPARE_JSON(
        converted,
        R"([{"content":[{"toolResult":{"content":[{}],"status":"success","toolUseId":"id"}}],"role":"user"}])");
    QCOMPARE(thrown([&] { assert_bedrock_converse_serializable(converted); }),
             QStringLiteral("TypeError: Cannot read properties of undefined (reading '0')"));
    QCOMPARE(thrown([] {
                 assert_bedrock_converse_serializable(convert_to_bedrock_converse_messages(
                     j(R"([{"role":"user","content":"fine"}])")));
             }),
             QString());
}

void TestMessageTransforms::image_cleaning_keeps_images_for_models_that_support_them() {
    const OrderedJson messages = j(R"([{"role":"user","content":[{"type":"text","text":"a"},
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"d"}}]},
        {"role":"assistant","content":"b"}])");
    COMPARE_JSON(maybe_remove_image_blocks(messages, ModelInfo(j(R"({"supportsImages":true})"))),
                 json_stringify(messages));
    COMPARE_JSON(maybe_remove_image_blocks(j("[]"), ModelInfo(j(R"({"supportsImages":true})"))),
                 "[]");
}

void TestMessageTransforms::image_cleaning_replaces_images_and_keeps_other_fields() {
    COMPARE_JSON(maybe_remove_image_blocks(j(R"([{"role":"user","content":[
        {"type":"text","text":"Here\u0027s an image:"},
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"image-data"}}],
        "ts":1620000000000,"isSummary":true},{"role":"assistant","content":"no images"}])"),
                                           ModelInfo(j(R"({"supportsImages":false})"))),
                 R"([{"role":"user","content":[{"type":"text","text":"Here\u0027s an image:"},
        {"type":"text","text":"[Referenced image in conversation]"}],"ts":1620000000000,"isSummary":true},
        {"role":"assistant","content":"no images"}])");
}

namespace {

OrderedJson prepend(OrderedJson first, const OrderedJson& rest) {
    OrderedJson all = OrderedJson::array({std::move(first)});
    for (const OrderedJson& item : rest.items()) all.push_back(item);
    return all;
}

OrderedJson text_message(const char* role, const std::string& text) {
    return OrderedJson::object(
        {{"role", OrderedJson::string(role)}, {"content", OrderedJson::string(text)}});
}

// @google/genai writes a Content as {parts, role} (its contentToMldev); the reference builds
// {role, parts}.
OrderedJson gemini_wire_content(const OrderedJson& content) {
    return OrderedJson::object(
        {{"parts", *content.find("parts")}, {"role", *content.find("role")}});
}

// What the case's handler sends as messages (or contents), rebuilt from its input with the
// transforms and the handler's own few lines around them.
OrderedJson rebuild_messages(const QString& recipe, const std::string& system_prompt,
                             const OrderedJson& messages) {
    if (recipe == QLatin1String("openai"))
        return prepend(text_message("system", system_prompt), convert_to_openai_messages(messages));
    if (recipe == QLatin1String("simple"))
        return prepend(text_message("system", system_prompt), convert_to_simple_messages(messages));
    if (recipe == QLatin1String("r1"))
        return convert_to_r1_format(prepend(text_message("user", system_prompt), messages));
    if (recipe == QLatin1String("mistral")) {
        const OrderedJson role = OrderedJson::string("system");
        const OrderedJson content = OrderedJson::string(system_prompt);
        return prepend(mistral_wire_message(&role, &content),
                       convert_to_mistral_messages(messages));
    }
    if (recipe == QLatin1String("bedrock")) return convert_to_bedrock_converse_messages(messages);
    OrderedJson contents = OrderedJson::array({});
    for (const OrderedJson& message : messages.items())
        contents.push_back(gemini_wire_content(convert_anthropic_message_to_gemini(message)));
    return contents;
}

}  // namespace

void TestMessageTransforms::golden_request_messages_are_rebuilt_from_the_input() {
    const QString golden = lapce_ai::parity::golden_dir();
    if (golden.isEmpty())
        QSKIP("golden data absent (LAPCE_AI_GOLDEN_DIR or ../shared/golden): not checked");
    struct Case {
        const char* file;
        const char* recipe;
        const char* field;
    };
    const Case cases[] = {
        {"openai/basic_stream_usage", "openai", "messages"},
        {"openai/image_input", "openai", "messages"},
        {"openai/r1_format_enabled", "r1", "messages"},
        {"openai/legacy_format", "simple", "messages"},
        {"doubao/basic_stream_volces_simple_format", "simple", "messages"},
        {"chutes/deepseek_r1_think_stream", "r1", "messages"},
        {"gemini/basic_stream_usage", "gemini", "contents"},
        {"mistral/codestral_stream", "mistral", "messages"},
        {"bedrock/basic_text_usage", "bedrock", "messages"},
    };
    int checked = 0;
    for (const Case& golden_case : cases) {
        const QString path = golden + QStringLiteral("/providers/") +
                             QLatin1String(golden_case.file) + QStringLiteral(".json");
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("golden case %s absent: not checked", golden_case.file);
            continue;
        }
        const OrderedJson whole = j(file.readAll().toStdString());
        const OrderedJson* input = whole.find("input");
        const OrderedJson* expected = whole.find("request")->find("body")->find(golden_case.field);
        QVERIFY2(input != nullptr && expected != nullptr, golden_case.file);
        const OrderedJson rebuilt =
            rebuild_messages(QLatin1String(golden_case.recipe),
                             input->find("systemPrompt")->as_string(), *input->find("messages"));
        QVERIFY2(json_stringify(rebuilt) == json_stringify(*expected),
                 qPrintable(QStringLiteral("%1: rebuilt %2\nexpected %3")
                                .arg(QLatin1String(golden_case.file),
                                     QString::fromStdString(json_stringify(rebuilt)),
                                     QString::fromStdString(json_stringify(*expected)))));
        ++checked;
    }
    if (checked == 0) QSKIP("no golden provider case found: not checked");
}

QTEST_GUILESS_MAIN(TestMessageTransforms)
#include "test_message_transforms.moc"
