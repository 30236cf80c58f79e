// convertToBedrockConverseMessages (src/api/transform/bedrock-converse-format.ts) block by block,
// in the form @aws-sdk/client-bedrock-runtime 3.848.0 writes it (se_Message, se_ContentBlock:
// members in `take` order, unions reduced to their member, bytes base64-encoded), and the
// errors the transform and the SDK's serializer throw for blocks they cannot handle.

#include <QTest>

#include <algorithm>
#include <functional>
#include <string>

#include "bedrock_converse_format.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "test_json.h"

using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using namespace lapce_ai::providers;

namespace {

OrderedJson j(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

// The converted messages as compact JSON.
QString converted(std::string_view messages) {
    return QString::fromStdString(
        json_stringify(convert_to_bedrock_converse_messages(j(messages))));
}

// The content blocks of one user message holding `blocks` (a JSON array).
QString converted_blocks(const std::string& blocks) {
    const OrderedJson messages =
        convert_to_bedrock_converse_messages(j(R"([{"role":"user","content":)" + blocks + "}]"));
    return QString::fromStdString(json_stringify(*messages.items().front().find("content")));
}

// "Name: message" of what `call` threw, or "no error".
QString error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ProviderError& error) {
        return QString::fromStdString(error.name() + ": " + error.message());
    }
    return QStringLiteral("no error");
}

QString conversion_error(const std::string& blocks) {
    return error_of([&] { (void)converted_blocks(blocks); });
}

// What the serializer throws for the converted messages.
QString serializer_error(const std::string& blocks) {
    return error_of([&] {
        assert_bedrock_converse_serializable(convert_to_bedrock_converse_messages(
            j(R"([{"role":"user","content":)" + blocks + "}]")));
    });
}

// JSON written with single quotes (moc misreads "//" inside raw string literals).
std::string q(std::string_view text) {
    std::string json(text);
    std::replace(json.begin(), json.end(), '\'', '"');
    return json;
}

const char* const kUnknownUnionMember =
    "TypeError: Cannot read properties of undefined (reading '0')";

}  // namespace

class TestBedrockConverseFormat : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void string_content_is_one_text_block_and_only_assistant_keeps_its_role() {
        QCOMPARE(converted(R"([{"role":"user","content":"hi"},{"role":"assistant","content":"yo"},)"
                           R"({"role":"system","content":""}])"),
                 QStringLiteral(R"([{"content":[{"text":"hi"}],"role":"user"},)"
                                R"({"content":[{"text":"yo"}],"role":"assistant"},)"
                                R"({"content":[{"text":""}],"role":"user"}])"));
        QCOMPARE(converted("[]"), QStringLiteral("[]"));
    }

    void text_without_text_is_empty_and_unknown_block_types_get_a_placeholder() {
        QCOMPARE(
            converted_blocks(R"([{"type":"text","text":"a"},{"type":"text"},)"
                             R"({"type":"text","text":null},{"type":"document","source":{}},)"
                             R"({"type":"image"},{"type":"thinking","thinking":"x"},{}])"),
            QStringLiteral(R"([{"text":"a"},{"text":""},{"text":""},)"
                           R"({"text":"[Unknown Block Type]"},{"text":"[Unknown Block Type]"},)"
                           R"({"text":"[Unknown Block Type]"},{"text":"[Unknown Block Type]"}])"));
    }

    void content_that_is_not_a_string_or_array_fails_like_map_on_it() {
        QCOMPARE(error_of([] { (void)converted(R"([{"role":"user"}])"); }),
                 QStringLiteral("TypeError: Cannot read properties of undefined (reading 'map')"));
        QCOMPARE(error_of([] { (void)converted(R"([{"role":"user","content":null}])"); }),
                 QStringLiteral("TypeError: Cannot read properties of null (reading 'map')"));
        QCOMPARE(error_of([] { (void)converted(R"([{"role":"user","content":{"a":1}}])"); }),
                 QStringLiteral("TypeError: anthropicMessage.content.map is not a function"));
        QCOMPARE(error_of([] { (void)converted(R"([{"role":"user","content":5}])"); }),
                 QStringLiteral("TypeError: anthropicMessage.content.map is not a function"));
    }

    void image_data_goes_through_atob_and_is_sent_as_base64_bytes() {
        // "hello": canonical, then with a newline and without padding (atob accepts both); an
        // empty string is zero bytes; the format is the second segment of the media type.
        QCOMPARE(
            converted_blocks(
                R"([{"type":"image","source":{"type":"base64","media_type":"image/png","data":"aGVsbG8="}},)"
                R"({"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"aGVs\nbG8"}},)"
                R"({"type":"image","source":{"type":"base64","media_type":"image/webp","data":""}},)"
                R"({"type":"image","source":{"type":"base64","media_type":"image/gif/x","data":"AA=="}}])"),
            QStringLiteral(R"([{"image":{"format":"png","source":{"bytes":"aGVsbG8="}}},)"
                           R"({"image":{"format":"jpeg","source":{"bytes":"aGVsbG8="}}},)"
                           R"({"image":{"format":"webp","source":{"bytes":""}}},)"
                           R"({"image":{"format":"gif","source":{"bytes":"AA=="}}}])"));
    }

    void image_formats_other_than_png_jpeg_gif_webp_are_refused() {
        QCOMPARE(conversion_error(
                     R"([{"type":"image","source":{"media_type":"image/svg+xml","data":"AA=="}}])"),
                 QStringLiteral("Error: Unsupported image format: svg+xml"));
        QCOMPARE(
            conversion_error(R"([{"type":"image","source":{"media_type":"png","data":"AA=="}}])"),
            QStringLiteral("Error: Unsupported image format: undefined"));
        QCOMPARE(conversion_error(
                     R"([{"type":"image","source":{"media_type":"image/","data":"AA=="}}])"),
                 QStringLiteral("Error: Unsupported image format: "));
        QCOMPARE(
            conversion_error(R"([{"type":"image","source":{"data":"AA=="}}])"),
            QStringLiteral("TypeError: Cannot read properties of undefined (reading 'split')"));
        QCOMPARE(
            conversion_error(R"([{"type":"image","source":{"media_type":7,"data":"AA=="}}])"),
            QStringLiteral("TypeError: messageBlock.source.media_type.split is not a function"));
    }

    void image_data_is_decoded_before_the_format_is_checked() {
        QCOMPARE(conversion_error(
                     R"([{"type":"image","source":{"media_type":"image/bmp","data":"a"}}])"),
                 QStringLiteral(
                     "InvalidCharacterError: The string to be decoded is not correctly encoded."));
        QCOMPARE(conversion_error(
                     R"([{"type":"image","source":{"media_type":"image/png","data":"ab$c"}}])"),
                 QStringLiteral("InvalidCharacterError: Invalid character"));
    }

    void image_data_that_is_not_a_byte_array_fails_in_the_serializer() {
        // Undefined bytes leave an empty union; null and other values reach toBase64.
        QCOMPARE(serializer_error(R"([{"type":"image","source":{"media_type":"image/png"}}])"),
                 QString::fromLatin1(kUnknownUnionMember));
        QCOMPARE(
            serializer_error(
                R"([{"type":"image","source":{"media_type":"image/png","data":null}}])"),
            QStringLiteral("TypeError: Cannot read properties of null (reading 'byteOffset')"));
        QCOMPARE(serializer_error(
                     R"([{"type":"image","source":{"media_type":"image/png","data":{"0":1}}}])"),
                 QStringLiteral("Error: @smithy/util-base64: toBase64 encoder function only "
                                "accepts string | Uint8Array."));
        QCOMPARE(serializer_error(
                     R"([{"type":"image","source":{"media_type":"image/png","data":"AA=="}}])"),
                 QStringLiteral("no error"));
    }

    void tool_use_input_becomes_xml_of_its_entries_in_object_entries_order() {
        // Integer keys first, ascending; values printed as template literals do.
        QCOMPARE(
            converted_blocks(
                R"([{"type":"tool_use","id":"toolu_1","name":"write_to_file","input":{"path":"a.ts",)"
                R"("2":"second","line_count":3,"1":"first","opts":{"a":1},"list":[1,"x",null],)"
                R"("flag":false,"none":null}}])"),
            QStringLiteral(
                R"([{"toolUse":{"input":"<write_to_file>\n<1>\nfirst\n</1>\n<2>\nsecond\n</2>\n)"
                R"(<path>\na.ts\n</path>\n<line_count>\n3\n</line_count>\n<opts>\n[object Object]\n)"
                R"(</opts>\n<list>\n1,x,\n</list>\n<flag>\nfalse\n</flag>\n<none>\nnull\n</none>\n)"
                R"(</write_to_file>","name":"write_to_file","toolUseId":"toolu_1"}}])"));
    }

    void tool_use_without_name_id_or_input_keeps_undefined_in_the_xml() {
        QCOMPARE(
            converted_blocks(
                R"([{"type":"tool_use"},{"type":"tool_use","name":"x","input":"ab"}])"),
            QStringLiteral(
                R"([{"toolUse":{"input":"<undefined>\n\n</undefined>","name":"","toolUseId":""}},)"
                R"({"toolUse":{"input":"<x>\n<0>\na\n</0>\n<1>\nb\n</1>\n</x>","name":"x",)"
                R"("toolUseId":""}}])"));
    }

    void tool_result_content_array_keeps_only_the_text_of_each_item() {
        QCOMPARE(
            converted_blocks(
                R"([{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"ok"},)"
                R"({"type":"text","text":"more"}]},)"
                R"({"type":"tool_result","tool_use_id":"t2","content":[],"output":"ignored"}])"),
            QStringLiteral(
                R"([{"toolResult":{"content":[{"text":"ok"},{"text":"more"}],)"
                R"("status":"success","toolUseId":"t1"}},)"
                R"({"toolResult":{"content":[],"status":"success","toolUseId":"t2"}}])"));
        // An image item has no text: the SDK finds no member of the union to write.
        QCOMPARE(
            serializer_error(
                R"([{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"ok"},)"
                R"({"type":"image","source":{}}]}])"),
            QString::fromLatin1(kUnknownUnionMember));
        QCOMPARE(conversion_error(R"([{"type":"tool_result","content":[null]}])"),
                 QStringLiteral("TypeError: Cannot read properties of null (reading 'text')"));
    }

    void tool_result_without_content_array_falls_back_to_output() {
        // A string `content` is not read: only `output` is.
        QCOMPARE(
            converted_blocks(
                R"([{"type":"tool_result","tool_use_id":"t2","content":"done"},)"
                R"({"type":"tool_result","output":"out"},)"
                R"({"type":"tool_result","tool_use_id":"t4","output":[{"text":"a"},)"
                R"({"type":"image","source":{}},{"type":"doc"},42,"s",[1,2],{"other":1}]},)"
                R"({"type":"tool_result","tool_use_id":"t5","output":7},)"
                R"({"type":"tool_result","tool_use_id":"t6","output":0}])"),
            QStringLiteral(
                R"([{"toolResult":{"content":[{"text":""}],"status":"success","toolUseId":"t2"}},)"
                R"({"toolResult":{"content":[{"text":"out"}],"status":"success","toolUseId":""}},)"
                R"({"toolResult":{"content":[{"text":"a"},)"
                "{\"text\":\"(see following message for image)\"},"
                R"({"text":"[object Object]"},{"text":"42"},{"text":"s"},{"text":"1,2"},)"
                R"({"text":"[object Object]"}],"status":"success","toolUseId":"t4"}},)"
                R"({"toolResult":{"content":[{"text":"7"}],"status":"success","toolUseId":"t5"}},)"
                R"({"toolResult":{"content":[{"text":""}],"status":"success","toolUseId":"t6"}}])"));
        QCOMPARE(
            conversion_error(R"([{"type":"tool_result","output":["a",null]}])"),
            QStringLiteral("TypeError: Cannot use 'in' operator to search for 'text' in null"));
    }

    void video_uses_its_s3_location_before_its_source() {
        QCOMPARE(converted_blocks(q("[{'type':'video','s3Location':{'uri':'s3://bucket/clip.mp4',"
                                    "'bucketOwner':'111122223333'}},"
                                    "{'type':'video','s3Location':{'uri':'s3://b/c.mp4'},"
                                    "'source':{'bytes':'abc'}},{'type':'video'}]")),
                 QString::fromStdString(
                     q("[{'video':{'format':'mp4','source':{'s3Location':{'uri':'s3://bucket/"
                       "clip.mp4','bucketOwner':'111122223333'}}}},"
                       "{'video':{'format':'mp4','source':{'s3Location':{'uri':'s3://b/c.mp4'}}}},"
                       "{'video':{'format':'mp4'}}]")));
    }

    void video_source_is_written_as_the_union_member_the_sdk_visits() {
        // se_VideoSource: bytes through toBase64 (a string as its UTF-8 bytes), s3Location
        // through _json (null members dropped); other members are not written.
        QCOMPARE(
            converted_blocks(
                q("[{'type':'video','source':{'bytes':'abc','media_type':'video/mp4'}},"
                  "{'type':'video','source':{'s3Location':{'uri':'s3://x','bucketOwner':null}}}]")),
            QString::fromStdString(
                q("[{'video':{'format':'mp4','source':{'bytes':'YWJj'}}},"
                  "{'video':{'format':'mp4','source':{'s3Location':{'uri':'s3://x'}}}}]")));
        QCOMPARE(serializer_error(R"([{"type":"video","source":{"bytes":"abc"}}])"),
                 QStringLiteral("no error"));
    }

    void video_source_without_bytes_or_s3_location_fails_in_the_serializer() {
        QCOMPARE(
            serializer_error(
                R"([{"type":"video","source":{"type":"base64","media_type":"video/mp4","data":"AA=="}}])"),
            QString::fromLatin1(kUnknownUnionMember));
        QCOMPARE(serializer_error(q("[{'type':'video','source':'s3://x'}]")),
                 QString::fromLatin1(kUnknownUnionMember));
        QCOMPARE(
            serializer_error(R"([{"type":"video","source":{"bytes":null}}])"),
            QStringLiteral("TypeError: Cannot read properties of null (reading 'byteOffset')"));
        QCOMPARE(serializer_error(R"([{"type":"video","source":{"bytes":5}}])"),
                 QStringLiteral("Error: @smithy/util-base64: toBase64 encoder function only "
                                "accepts string | Uint8Array."));
    }
};

QTEST_GUILESS_MAIN(TestBedrockConverseFormat)
#include "test_bedrock_converse_format.moc"
