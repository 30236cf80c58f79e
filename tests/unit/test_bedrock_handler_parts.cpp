// The Bedrock handler's pure parts that the golden cases reach only in part: the cache-point
// strategy (cache-strategy.spec.ts examples), ARN parsing and inference-profile prefixes, the
// error taxonomy, and the SDK's error deserialization.

#include <QTest>

#include "bedrock_error_types.h"
#include "bedrock_model_ids.h"
#include "bedrock_runtime_client.h"
#include "bedrock_sdk_errors.h"
#include "cache_strategy/multi_point_strategy.h"
#include "js_replace.h"
#include "ordered_json.h"
#include "test_json.h"

using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using lapce_ai::json::parse_ordered_json;
using namespace lapce_ai::providers;

namespace {

OrderedJson j(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

// createMessage of the spec: the text padded with spaces to about tokenCount × 4 characters.
OrderedJson padded_message(const char* role, const std::string& content, int token_count) {
    const std::size_t wanted = static_cast<std::size_t>(token_count) * 4;
    std::string text = content;
    if (text.size() < wanted) text += std::string(wanted - text.size(), ' ');
    return OrderedJson::object(
        {{"role", OrderedJson::string(role)}, {"content", OrderedJson::string(text)}});
}

// A message of `words` plain words: ceil(words × 1.3 + 10) estimated tokens (5 → 17, 35 → 56,
// 45 → 69).
OrderedJson words_message(const char* role, int words) {
    std::string text = "w";
    for (int i = 1; i < words; ++i) text += " w";
    return OrderedJson::object(
        {{"role", OrderedJson::string(role)}, {"content", OrderedJson::string(text)}});
}

// The indexes of the messages that end with a cache point.
std::vector<std::size_t> cached_message_indexes(const OrderedJson& messages) {
    std::vector<std::size_t> indexes;
    for (std::size_t i = 0; i < messages.items().size(); ++i) {
        const OrderedJson& content = *messages.items()[i].find("content");
        if (json_stringify(content.items().back()) == R"({"cachePoint":{"type":"default"}})")
            indexes.push_back(i);
    }
    return indexes;
}

std::vector<std::size_t> placement_indexes(const CacheResult& result) {
    std::vector<std::size_t> indexes;
    for (const CachePointPlacement& placement : result.message_cache_point_placements.value())
        indexes.push_back(placement.index);
    return indexes;
}

CacheModelInfo multi_point_model_info() {
    CacheModelInfo info;
    info.max_tokens = 4096;
    info.context_window = 200000;
    info.supports_prompt_cache = true;
    info.max_cache_points = 3;
    info.min_tokens_per_cache_point = 50;
    info.cachable_fields = {"system", "messages"};
    return info;
}

// A multi-point model with prompt caching on, over `messages`.
CacheStrategyConfig caching_config(OrderedJson messages) {
    CacheStrategyConfig config;
    config.model_info = multi_point_model_info();
    config.messages = std::move(messages);
    config.use_prompt_cache = true;
    return config;
}

// User, assistant, user, assistant: 56, 17, 56, 17 tokens.
OrderedJson two_exchanges() {
    return OrderedJson::array({words_message("user", 35), words_message("assistant", 5),
                               words_message("user", 35), words_message("assistant", 5)});
}

}  // namespace

class TestBedrockHandlerParts : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void token_estimates() {
        // 3 words × 1.3 + 2 punctuation × 0.3 + 1 newline × 0.5 (+ 5 / + 10), rounded up.
        QCOMPARE(estimate_system_tokens("Hello, world.\nBye"), 10.0);
        QCOMPARE(estimate_message_tokens(j(R"({"role":"user","content":"Hello, world.\nBye"})")),
                 15.0);
        QCOMPARE(
            estimate_message_tokens(
                j(R"({"role":"user","content":[{"type":"text","text":"a b"},{"type":"image"}]})")),
            313.0);
        QCOMPARE(estimate_message_tokens(j(R"({"role":"user","content":""})")), 0.0);
    }

    void system_cache_point_needs_enough_tokens() {
        CacheStrategyConfig config;
        config.model_info = multi_point_model_info();
        config.model_info.min_tokens_per_cache_point = 10;
        config.system_prompt = "You are a helpful assistant";  // 5 words: ceil(6.5 + 5) = 12
        config.messages = j(R"([{"role":"user","content":"Hi"}])");
        config.use_prompt_cache = true;
        CacheResult result = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(
            QString::fromStdString(json_stringify(result.system)),
            QStringLiteral(
                R"([{"text":"You are a helpful assistant"},{"cachePoint":{"type":"default"}}])"));

        config.model_info.min_tokens_per_cache_point = 13;
        result = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(result.system.items().size(), std::size_t(1));

        config.use_prompt_cache = false;
        result = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(result.system.items().size(), std::size_t(1));
        QVERIFY(!result.message_cache_point_placements);
    }

    void initial_placement_after_last_user_message() {
        CacheStrategyConfig config;
        config.model_info = multi_point_model_info();
        config.system_prompt = "You are a helpful assistant.";
        config.messages = OrderedJson::array(
            {padded_message("user", "Tell me about machine learning.", 100),
             padded_message("assistant", "Machine learning is a field of study...", 200),
             padded_message("user", "What about deep learning?", 100),
             padded_message("assistant", "Deep learning is a subset of machine learning...", 200)});
        config.use_prompt_cache = true;
        const CacheResult result = MultiPointStrategy(config).determine_optimal_cache_points();
        QVERIFY(result.message_cache_point_placements);
        QCOMPARE(result.message_cache_point_placements->size(), std::size_t(1));
        const CachePointPlacement& placement = result.message_cache_point_placements->front();
        QCOMPARE(placement.index, std::size_t(2));
        QCOMPARE(placement.type, std::string("message"));
        // 5, 7 and 4 words; 1, 3 and 1 punctuation marks; + 10 per message.
        QCOMPARE(placement.tokens_covered, 17.0 + 20.0 + 16.0);
    }

    void small_addition_keeps_previous_placements() {
        CacheStrategyConfig config;
        config.model_info = multi_point_model_info();
        config.system_prompt = "You are a helpful assistant.";
        config.messages = OrderedJson::array(
            {padded_message("user", "Tell me about machine learning.", 100),
             padded_message("assistant", "Machine learning is a field of study...", 200),
             padded_message("user", "What about deep learning?", 100),
             padded_message("assistant", "Deep learning is a subset of machine learning...", 200),
             padded_message("user", "How do neural networks work?", 100),
             padded_message("assistant", "Neural networks are composed of layers of nodes...", 200),
             padded_message("user", "Can you explain backpropagation?", 100),
             padded_message("assistant",
                            "Backpropagation is an algorithm used to train neural networks...",
                            200),
             padded_message("user", "Thanks for the explanation.", 20),
             padded_message("assistant", "You're welcome!", 30)});
        config.use_prompt_cache = true;
        config.previous_cache_point_placements = std::vector<CachePointPlacement>{
            {2, "message", 400}, {4, "message", 300}, {6, "message", 300}};
        const CacheResult result = MultiPointStrategy(config).determine_optimal_cache_points();
        QVERIFY(result.message_cache_point_placements);
        QCOMPARE(result.message_cache_point_placements->size(), std::size_t(3));
        QCOMPARE(result.message_cache_point_placements->at(0).index, std::size_t(2));
        QCOMPARE(result.message_cache_point_placements->at(1).index, std::size_t(4));
        QCOMPARE(result.message_cache_point_placements->at(2).index, std::size_t(6));
    }

    void strings_and_text_blocks_convert_and_other_blocks_are_unsupported() {
        CacheStrategyConfig config;
        config.model_info = multi_point_model_info();
        config.messages = j(
            R"([{"role":"user","content":["plain",{"type":"text","text":"hi"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA"}},{"type":"tool_result","tool_use_id":"t1","content":"out"}]},)"
            R"({"role":"assistant","content":"ok"},{"role":"tool","content":"x"}])");
        config.use_prompt_cache = false;
        const CacheResult result = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(
            QString::fromStdString(json_stringify(result.messages)),
            QStringLiteral(R"([{"role":"user","content":[{"text":"plain"},{"text":"hi"},)"
                           R"({"text":"[Unsupported Content]"},{"text":"[Unsupported Content]"}]},)"
                           R"({"role":"assistant","content":[{"text":"ok"}]},)"
                           R"({"role":"user","content":[{"text":"x"}]}])"));
        QCOMPARE(result.system.items().size(), std::size_t(0));
    }

    void without_message_caching_only_the_system_prompt_gets_a_cache_point() {
        CacheStrategyConfig config;
        config.model_info = multi_point_model_info();
        config.model_info.min_tokens_per_cache_point = 10;
        config.model_info.cachable_fields = {"system"};
        config.system_prompt = "You are a helpful assistant";  // 12 tokens
        config.messages = OrderedJson::array(
            {words_message("user", 35), words_message("assistant", 35), words_message("user", 35)});
        config.use_prompt_cache = true;
        const CacheResult result = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(
            QString::fromStdString(json_stringify(result.system)),
            QStringLiteral(
                R"([{"text":"You are a helpful assistant"},{"cachePoint":{"type":"default"}}])"));
        QVERIFY(cached_message_indexes(result.messages).empty());
        QVERIFY(!result.message_cache_point_placements);
    }

    void spare_cache_point_goes_after_the_last_new_user_message() {
        // The new messages (1-3) hold 90 >= 50 tokens and 3 points > 1 used.
        CacheStrategyConfig config = caching_config(two_exchanges());
        config.previous_cache_point_placements =
            std::vector<CachePointPlacement>{{0, "message", 56}};
        const CacheResult result = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(placement_indexes(result), (std::vector<std::size_t>{0, 2}));
        const CachePointPlacement& added = result.message_cache_point_placements->at(1);
        QCOMPARE(added.type, std::string("message"));
        // From after the previous cache point (index 0) through the user message: 17 + 56.
        QCOMPARE(added.tokens_covered, 73.0);
        QCOMPARE(result.message_cache_point_placements->at(0).tokens_covered, 56.0);
        QCOMPARE(cached_message_indexes(result.messages), (std::vector<std::size_t>{0, 2}));
    }

    void placements_past_a_shortened_conversation_are_dropped() {
        CacheStrategyConfig config = caching_config(two_exchanges());
        // No message after index 6: no new tokens, and only the placement still inside is kept.
        config.previous_cache_point_placements =
            std::vector<CachePointPlacement>{{2, "message", 129}, {6, "message", 80}};
        const CacheResult result = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(placement_indexes(result), (std::vector<std::size_t>{2}));
        QCOMPARE(result.message_cache_point_placements->front().tokens_covered, 129.0);
        QCOMPARE(cached_message_indexes(result.messages), (std::vector<std::size_t>{2}));
    }

    void large_addition_combines_the_smallest_gap_and_caches_the_new_messages() {
        // 17, 17, 17, 56, 56 | new: 69, 17, 17 tokens.
        CacheStrategyConfig config = caching_config(
            OrderedJson::array({words_message("user", 5), words_message("assistant", 5),
                                words_message("user", 5), words_message("assistant", 35),
                                words_message("user", 35), words_message("assistant", 45),
                                words_message("user", 5), words_message("assistant", 5)}));
        // All three points in use. Spans 17, 34 and 112: the smallest pair (0 and 2) covers 51,
        // and the new messages' 103 tokens exceed 51 × 1.2.
        config.previous_cache_point_placements = std::vector<CachePointPlacement>{
            {0, "message", 17}, {2, "message", 34}, {4, "message", 112}};
        const CacheResult result = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(placement_indexes(result), (std::vector<std::size_t>{2, 4, 6}));
        const auto& placements = *result.message_cache_point_placements;
        QCOMPARE(placements[0].tokens_covered, 51.0);   // messages 0-2, combined
        QCOMPARE(placements[1].tokens_covered, 112.0);  // kept as it was
        QCOMPARE(placements[2].tokens_covered, 86.0);   // messages 5-6, after index 4
        QCOMPARE(cached_message_indexes(result.messages), (std::vector<std::size_t>{2, 4, 6}));

        // With one point taken by the system prompt, the freed point is not spare: no new one.
        config.model_info.min_tokens_per_cache_point = 12;
        config.model_info.max_cache_points = 3;
        config.system_prompt = "You are a helpful assistant";  // 12 tokens
        const CacheResult with_system = MultiPointStrategy(config).determine_optimal_cache_points();
        QCOMPARE(with_system.system.items().size(), std::size_t(2));
        QCOMPARE(placement_indexes(with_system), (std::vector<std::size_t>{2, 4}));
    }

    void arn_parsing() {
        BedrockArnInfo info = parse_bedrock_arn(
            "arn:aws:bedrock:us-west-2:123456789012:inference-profile/"
            "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
            std::string("us-east-1"));
        QVERIFY(info.is_valid);
        QCOMPARE(*info.model_type, std::string("inference-profile"));
        QCOMPARE(*info.model_id, std::string("anthropic.claude-3-5-sonnet-20241022-v2:0"));
        QCOMPARE(*info.region, std::string("us-west-2"));
        QVERIFY(info.cross_region_inference);
        QVERIFY(
            info.error_message->starts_with("Region mismatch: The region in your ARN (us-west-2)"));

        QVERIFY(!parse_bedrock_arn("arn:aws:bedrock:us-west-2:123:foundation-model/x\n").is_valid);
        QVERIFY(!parse_bedrock_arn("arn:aws:s3:us-west-2:123:bucket/x").is_valid);
        QCOMPARE(
            *parse_bedrock_arn("nope").error_message,
            std::string("Invalid ARN format. ARN should follow the Amazon Bedrock ARN pattern."));
    }

    void inference_profile_prefixes() {
        QCOMPARE(*get_prefix_for_region("us-gov-west-1"), std::string("ug."));
        QCOMPARE(*get_prefix_for_region("us-east-1"), std::string("us."));
        QCOMPARE(*get_prefix_for_region("ap-southeast-2"), std::string("apac."));
        QVERIFY(!get_prefix_for_region("me-south-1"));
        QCOMPARE(parse_base_model_id("apac.anthropic.claude-v2"),
                 std::string("anthropic.claude-v2"));
        QCOMPARE(parse_base_model_id("anthropic.claude-v2"), std::string("anthropic.claude-v2"));
        // "claude-4" comes first, so "claude-4-opus" ids get its 8192 tokens.
        QCOMPARE(guess_model_info_from_id("X.Claude-4-Opus").find("maxTokens")->as_number(),
                 8192.0);
        QCOMPARE(guess_model_info_from_id("mistral.large").find("contextWindow")->as_number(),
                 128000.0);
    }

    void error_types() {
        QCOMPARE(get_bedrock_error_type(ProviderError("ValidationException", "Input is invalid")),
                 std::string_view("GENERIC"));
        QCOMPARE(get_bedrock_error_type(ProviderError("Error", "Service quota exceeded for x")),
                 std::string_view("SERVICE_QUOTA_EXCEEDED"));
        QCOMPARE(get_bedrock_error_type(ProviderError("Error", "Access DENIED")),
                 std::string_view("ACCESS_DENIED"));
        ProviderError with_429("Error", "x");
        with_429.extra = j(R"({"$metadata":{"httpStatusCode":429}})");
        QCOMPARE(get_bedrock_error_type(with_429), std::string_view("THROTTLING"));
        QCOMPARE(format_bedrock_error_message("GENERIC", {{"errorMessage", "a $& b $$"}}),
                 std::string("Unknown Error: a {errorMessage} b $"));
        QCOMPARE(lapce_ai::json::js_replace_all("x{k}y{k}", "{k}", "[$`]"),
                 std::string("x[x]y[x{k}y]"));
    }

    void http_error_shapes() {
        const ResponseHeaders headers = {
            {"x-amzn-requestid", "req-1"},
            {"x-amzn-errortype", "ThrottlingException:http://internal.amazon.com/coral/"}};
        ProviderError error =
            deserialize_bedrock_http_error(429, headers, R"({"message":"Too many requests"})");
        QCOMPARE(
            QString::fromStdString(json_stringify(error.to_json())),
            QStringLiteral(
                R"({"name":"ThrottlingException","message":"Too many requests",)"
                R"("$fault":"client","$metadata":{"httpStatusCode":429,"requestId":"req-1"}})"));
        QCOMPARE(aws_retry_error_type(error), std::string("THROTTLING"));

        error = deserialize_bedrock_http_error(503, {{"x-amzn-requestid", "req-2"}}, "<html>");
        QCOMPARE(error.name(), std::string("SyntaxError"));
        QVERIFY(error.message().ends_with(
            "\n  Deserialization error: to see the raw response, inspect the hidden field "
            "{error}.$response on this object."));
        QCOMPARE(aws_retry_error_type(error), std::string("TRANSIENT"));

        error = deserialize_bedrock_http_error(400, {},
                                               "{\"__type\":\"a.b#FooFault\",\"Message\":\"m\"}");
        QCOMPARE(error.name(), std::string("BedrockRuntimeServiceException"));
        QCOMPARE(js_error_name(error), std::string("FooFault"));
        QCOMPARE(error.message(), std::string("m"));
        QCOMPARE(aws_retry_error_type(error), std::string("CLIENT_ERROR"));
    }

    void request_body_in_serializer_order() {
        const OrderedJson input = j(
            R"({"modelId":"m","messages":[{"content":[{"text":"hi"}],"role":"user"}],"system":[],)"
            R"("inferenceConfig":{"temperature":0.3,"maxTokens":10},"anthropic_version":"x",)"
            R"("additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":1}}})");
        QCOMPARE(QString::fromUtf8(serialize_converse_input(input)),
                 QStringLiteral(R"({"additionalModelRequestFields":{"thinking":{"type":"enabled",)"
                                R"("budget_tokens":1}},"inferenceConfig":{"maxTokens":10,)"
                                R"("temperature":0.3},"messages":[{"content":[{"text":"hi"}],)"
                                R"("role":"user"}],"system":[]})"));
    }
};

QTEST_GUILESS_MAIN(TestBedrockHandlerParts)
#include "test_bedrock_handler_parts.moc"
