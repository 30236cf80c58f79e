// The ollama-js pieces and the reference's Ollama helpers: formatHost, convertToOllamaMessages
// (shared tool-result images) and parseOllamaModel.
#include <QTest>

#include "ollama_client.h"
#include "ollama_format.h"
#include "ollama_models.h"
#include "provider_error.h"
#include "test_json.h"

using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using lapce_ai::json::parse_ordered_json;
using namespace lapce_ai::providers;

namespace {

OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

}  // namespace

class TestOllamaSdk : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void format_host_fills_scheme_and_port() {
        QCOMPARE(ollama_format_host(""), std::string("http://127.0.0.1:11434"));
        QCOMPARE(ollama_format_host("localhost"), std::string("http://localhost:11434"));
        QCOMPARE(ollama_format_host("http://localhost"), std::string("http://localhost:80"));
        QCOMPARE(ollama_format_host("https://example.com/"),
                 std::string("https://example.com:443"));
        QCOMPARE(ollama_format_host(":1234"), std::string("http://127.0.0.1:1234"));
        QCOMPARE(ollama_format_host("http://127.0.0.1:8080/base/"),
                 std::string("http://127.0.0.1:8080/base"));
        QCOMPARE(ollama_format_host("http://user:pw@host:5000"),
                 std::string("http://user:pw@host:5000"));
    }
    void format_host_forgets_a_default_port_without_scheme() {
        // new URL drops ":80" for http, and formatHost then falls back to 11434.
        QCOMPARE(ollama_format_host("example.com:80"), std::string("http://example.com:11434"));
    }
    void format_host_rejects_what_url_cannot_parse() {
        QVERIFY_THROWS_EXCEPTION(ProviderError, ollama_format_host("http://"));
    }

    void tool_result_images_are_shared_by_the_tool_messages() {
        const OrderedJson messages = parse(R"([{"role":"user","content":[
            {"type":"tool_result","tool_use_id":"a","content":[{"type":"text","text":"r1"},
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAA"}}]},
            {"type":"tool_result","tool_use_id":"b","content":"plain"},
            {"type":"tool_result","tool_use_id":"c","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"BBB"}}]},
            {"type":"text","text":"hi"},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"CCC"}}]},
            {"role":"assistant","content":[{"type":"text","text":"a"},
              {"type":"tool_use","id":"x","name":"n","input":{}},{"type":"text","text":"b"}]}])");
        const std::string expected =
            R"J([{"role":"user","images":["AAA","BBB"],"content":"r1\n(see following user message for image)"},)J"
            R"J({"role":"user","images":["AAA","BBB"],"content":"plain"},)J"
            R"J({"role":"user","images":["AAA","BBB"],"content":"(see following user message for image)"},)J"
            R"J({"role":"user","content":"hi","images":["CCC"]},)J"
            R"J({"role":"assistant","content":"a\nb"}])J";
        QCOMPARE(json_stringify(convert_to_ollama_messages(messages)), expected);
    }
    void a_tool_message_before_any_image_has_none() {
        const OrderedJson messages = parse(R"([{"role":"user","content":[
            {"type":"tool_result","tool_use_id":"a","content":"first"},
            {"type":"tool_result","tool_use_id":"b","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAA"}}]}]}])");
        QCOMPARE(
            json_stringify(convert_to_ollama_messages(messages)),
            std::string(
                R"J([{"role":"user","content":"first"},)J"
                R"J({"role":"user","images":["AAA"],"content":"(see following user message for image)"}])J"));
    }

    void parse_model_without_context_length_uses_the_defaults() {
        const ModelInfo info = parse_ollama_model(
            parse(R"({"details":{"family":"llama","parameter_size":"7B"},"model_info":{}})"));
        QCOMPARE(info.context_window(), 200000.0);
        QCOMPARE(info.max_tokens().value_or(0), 200000.0);
        QCOMPARE(info.string("description").value_or(""),
                 std::string("Family: llama, Context: undefined, Size: 7B"));
        QVERIFY(info.value("supportsImages") == nullptr);  // capabilities?.includes → undefined
    }
    void parse_model_reads_vision_capability() {
        const ModelInfo info = parse_ollama_model(
            parse(R"({"details":{"family":"gemma3","parameter_size":"4B"},)"
                  R"("model_info":{"gemma3.context_length":8192},"capabilities":["vision"]})"));
        QCOMPARE(info.context_window(), 8192.0);
        QVERIFY(info.supports_images());
    }
    void parse_model_without_model_info_throws() {
        QVERIFY_THROWS_EXCEPTION(ProviderError, parse_ollama_model(parse(R"({"details":{}})")));
    }
    void tags_schema_checks_required_fields() {
        QVERIFY(is_ollama_models_response(parse(
            R"({"models":[{"name":"a","model":"a","details":{"family":"f","parameter_size":"1B","families":null}}]})")));
        QVERIFY(!is_ollama_models_response(
            parse(R"({"models":[{"name":"a","model":"a","details":{"family":"f"}}]})")));
        QVERIFY(!is_ollama_models_response(parse(R"({"models":null})")));
    }
};

QTEST_APPLESS_MAIN(TestOllamaSdk)
#include "test_ollama_sdk.moc"
