#include "provider_case_runner.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdlib>

#include <exception>
#include <memory>

#include "api_handler.h"
#include "chunk_collector.h"
#include "event_stream_entry.h"
#include "json_difference.h"
#include "provider_error.h"
#include "provider_test_helpers.h"
#include "replay_server.h"
#include "run_task.h"

namespace lapce_ai::parity {

using json::OrderedJson;
using namespace lapce_ai::providers;

namespace {

constexpr int kCaseTimeoutMs = 60'000;

struct Substitutions {
    std::vector<std::pair<std::string, std::string>> pairs;

    std::string apply(std::string text) const {
        for (const auto& [from, to] : pairs) text = testing::replace_all(std::move(text), from, to);
        return text;
    }
    OrderedJson apply(const OrderedJson& value) const {
        switch (value.type()) {
            case OrderedJson::Type::String:
                return OrderedJson::string(apply(value.as_string()));
            case OrderedJson::Type::Array: {
                std::vector<OrderedJson> items;
                for (const OrderedJson& item : value.items()) items.push_back(apply(item));
                return OrderedJson::array(std::move(items));
            }
            case OrderedJson::Type::Object: {
                std::vector<json::OrderedJsonMember> members;
                for (const json::OrderedJsonMember& member : value.members())
                    members.push_back({member.key, apply(member.value)});
                return OrderedJson::object(std::move(members));
            }
            default:
                return value;
        }
    }
};

const OrderedJson& member(const OrderedJson& object, std::string_view key) {
    static const OrderedJson null_value;
    const OrderedJson* found = object.find(key);
    return found != nullptr ? *found : null_value;
}

template <typename T>
std::exception_ptr run_to_end(Task<T>& task, bool& timed_out) {
    bool finished = false;
    std::exception_ptr error = testing::run_task(task, kCaseTimeoutMs, finished);
    timed_out = !finished;
    return error;
}

OrderedJson error_json(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const ProviderError& thrown) {
        return thrown.to_json();
    } catch (const std::exception& thrown) {
        OrderedJson object = OrderedJson::object({});
        object.set("name", OrderedJson::string("C++ exception (not a ProviderError)"));
        object.set("message", OrderedJson::string(thrown.what()));
        return object;
    }
}

ApiHandlerCreateMessageMetadata metadata_from(const OrderedJson& json) {
    ApiHandlerCreateMessageMetadata metadata;
    if (const OrderedJson* mode = json.find("mode"); mode && mode->is_string())
        metadata.mode = mode->as_string();
    if (const OrderedJson* task = json.find("taskId"); task && task->is_string())
        metadata.task_id = task->as_string();
    if (const OrderedJson* id = json.find("previousResponseId"); id && id->is_string())
        metadata.previous_response_id = id->as_string();
    if (const OrderedJson* flag = json.find("suppressPreviousResponseId");
        flag && flag->type() == OrderedJson::Type::Boolean)
        metadata.suppress_previous_response_id = flag->as_bool();
    if (const OrderedJson* store = json.find("store");
        store && store->type() == OrderedJson::Type::Boolean)
        metadata.store = store->as_bool();
    return metadata;
}

// Headers the reference's SDKs or runtime generate, which parity leaves out (README). Body
// framing is the runtime's choice: undici sends a cloned Request body (the Mistral SDK's) chunked.
bool is_ignored_header(const std::string& name, const std::string& expected_value) {
    static const char* const ignored[] = {
        "accept-encoding", "content-length", "transfer-encoding", "connection", "host",
        "accept-language", "sec-fetch-mode", "x-goog-api-client", ":authority", ":method",
        ":path",           ":scheme"};
    for (const char* candidate : ignored)
        if (name == candidate) return true;
    if (name.starts_with("x-stainless-")) return true;
    if (name == "user-agent" && !expected_value.starts_with("RooCode/")) return true;
    if (name == "accept" && (expected_value == "application/json" || expected_value == "*/*"))
        return true;
    return false;
}

std::string compare_request(const OrderedJson& expected, const testing::RecordedRequest& actual) {
    if (member(expected, "method").as_string() != actual.method.toStdString())
        return "method: expected " + member(expected, "method").as_string() + " actual " +
               actual.method.toStdString();
    if (member(expected, "path").as_string() != actual.path.toStdString())
        return "path: expected " + member(expected, "path").as_string() + " actual " +
               actual.path.toStdString();
    const OrderedJson& headers = member(expected, "headers");
    if (headers.is_object()) {
        for (const json::OrderedJsonMember& header : headers.members()) {
            const std::string value = header.value.is_string() ? header.value.as_string()
                                                               : json::json_stringify(header.value);
            if (is_ignored_header(header.key, value)) continue;
            const QByteArray ours = actual.header(QByteArray::fromStdString(header.key));
            if (ours.toStdString() != value)
                return "header " + header.key + ": expected «" + value + "» actual «" +
                       ours.toStdString() + "»";
        }
        for (const auto& [name, value] : actual.headers) {
            const std::string key = name.toStdString();
            if (headers.find(key) == nullptr && !is_ignored_header(key, "") && key != "accept" &&
                key != "user-agent")
                return "header " + key + ": not sent by the reference (ours: «" +
                       value.toStdString() + "»)";
        }
    }
    const OrderedJson* body = expected.find("body");
    if (body == nullptr || body->is_null()) {
        if (!actual.body.isEmpty())
            return "body: expected none, actual " + actual.body.left(200).toStdString();
        return {};
    }
    if (body->is_string()) {
        if (body->as_string() != actual.body.toStdString())
            return "body: expected «" + body->as_string() + "» actual «" +
                   actual.body.toStdString() + "»";
        return {};
    }
    auto parsed = json::parse_ordered_json(actual.body.toStdString());
    if (!parsed) return "body: not JSON: " + actual.body.left(200).toStdString();
    std::string difference = json_difference(*body, *parsed, "body");
    return difference;
}

// `home_files`: files the case puts under a temporary HOME (qwen-code's OAuth credentials),
// JSON values written as JSON text. The handler sees HOME pointing there.
class CaseHome {
  public:
    CaseHome(const OrderedJson& files, const Substitutions& placeholders) {
        for (const json::OrderedJsonMember& file : files.members()) {
            const QString path = dir_.filePath(QString::fromStdString(file.key));
            QDir().mkpath(QFileInfo(path).absolutePath());
            const OrderedJson content = placeholders.apply(file.value);
            QFile out(path);
            if (out.open(QIODevice::WriteOnly)) {
                out.write(QByteArray::fromStdString(
                    content.is_string() ? content.as_string() : json::json_stringify(content, 2)));
            }
        }
    }
    std::string path() const { return dir_.path().toStdString(); }

    // "<secret:oauth_creds.access_token>" stands for that field of .qwen/oauth_creds.json.
    static void add_secrets(const OrderedJson& files, Substitutions& secrets) {
        for (const json::OrderedJsonMember& file : files.members()) {
            if (!file.value.is_object()) continue;
            const std::string stem =
                QFileInfo(QString::fromStdString(file.key)).completeBaseName().toStdString();
            for (const json::OrderedJsonMember& field : file.value.members()) {
                if (field.value.is_string())
                    secrets.pairs.push_back(
                        {"<secret:" + stem + "." + field.key + ">", field.value.as_string()});
            }
        }
    }

    // The first difference between `home_files_after` and the files now.
    std::string compare(const OrderedJson& expected_files) const {
        for (const json::OrderedJsonMember& file : expected_files.members()) {
            QFile in(dir_.filePath(QString::fromStdString(file.key)));
            if (!in.open(QIODevice::ReadOnly)) return "home file " + file.key + ": missing";
            const std::string text = in.readAll().toStdString();
            if (file.value.is_string()) {
                if (text != file.value.as_string()) return "home file " + file.key + " differs";
                continue;
            }
            auto parsed = json::parse_ordered_json(text);
            if (!parsed) return "home file " + file.key + ": not JSON";
            std::string difference =
                json_difference(file.value, *parsed, "home_files_after." + file.key);
            if (!difference.empty()) return difference;
        }
        return {};
    }

  private:
    QTemporaryDir dir_;
};

}  // namespace

QString run_provider_case(const OrderedJson& golden_case) {
    const OrderedJson& pinned = member(golden_case, "pinned_env");
    testing::ReplayServer server(member(golden_case, "response_transcript"));
    const quint16 wanted_port = pinned.find("replay_port")
                                    ? static_cast<quint16>(pinned.find("replay_port")->as_number())
                                    : 0;
    server.set_event_stream_encoder(testing::encode_event_stream_entry);
    if (!server.listen(wanted_port))
        return QStringLiteral("replay server cannot listen on %1").arg(wanted_port);
    const std::string port = std::to_string(server.port());

    Substitutions placeholders;
    placeholders.pairs = {{"{{BASE}}", server.base_url().toStdString()},
                          {"{{PORT}}", port},
                          {"{{CLOSED}}", std::to_string(testing::closed_port())}};
    const OrderedJson settings_json = placeholders.apply(member(golden_case, "settings"));
    const OrderedJson& home_files = member(golden_case, "home_files");
    const ProviderSettings settings(settings_json);
    // "<secret:name>" in recorded requests stands for the setting's value.
    Substitutions secrets = placeholders;
    for (const json::OrderedJsonMember& setting : settings_json.members()) {
        if (setting.value.is_string())
            secrets.pairs.push_back({"<secret:" + setting.key + ">", setting.value.as_string()});
    }
    std::unique_ptr<CaseHome> home;
    if (home_files.is_object()) {
        home = std::make_unique<CaseHome>(home_files, placeholders);
        CaseHome::add_secrets(placeholders.apply(home_files), secrets);
    }

    // "<secret:oauth_token_from_token_endpoint>" stands for the access token a token endpoint
    // of the transcript hands out (Vertex's service-account flow).
    for (const OrderedJson& responder : member(golden_case, "response_transcript").items()) {
        const OrderedJson& token = member(member(responder, "json"), "access_token");
        if (token.is_string())
            secrets.pairs.push_back(
                {"<secret:oauth_token_from_token_endpoint>", token.as_string()});
    }

    HttpClient http;
    for (const OrderedJson& rewrite : member(golden_case, "host_rewrites").items()) {
        http.add_host_rewrite(
            QString::fromStdString(member(rewrite, "from").as_string()),
            QString::fromStdString(placeholders.apply(member(rewrite, "to").as_string())));
    }
    ProviderContext context;
    context.http = &http;
    if (home) {
        context.environment =
            [home_path = home->path()](std::string_view name) -> std::optional<std::string> {
            if (name == "HOME") return home_path;
            const char* value = std::getenv(std::string(name).c_str());
            if (value == nullptr) return std::nullopt;
            return std::string(value);
        };
    }
    if (const OrderedJson* clock = pinned.find("clock"); clock && clock->is_string()) {
        const QDateTime frozen =
            QDateTime::fromString(QString::fromStdString(clock->as_string()), Qt::ISODateWithMs);
        context.now = [frozen] { return frozen; };
        auto counter = std::make_shared<int>(0);
        context.random_uuid = [counter] {
            char text[40];
            std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", ++*counter);
            return std::string(text);
        };
    }

    const std::string provider = member(golden_case, "provider").as_string();
    const OrderedJson& input = member(golden_case, "input");
    const std::string action = member(input, "action").as_string();

    OrderedJson chunks = OrderedJson::array({});
    OrderedJson error;
    OrderedJson result;
    OrderedJson steps = OrderedJson::array({});
    std::unique_ptr<ApiHandler> handler;
    bool timed_out = false;
    try {
        handler = build_api_handler(provider, settings, context);
    } catch (const ProviderError& thrown) {
        error = thrown.to_json();
    }
    if (handler) {
        auto run_create = [&](const OrderedJson& call, OrderedJson& call_chunks,
                              OrderedJson& call_error) {
            testing::ChunkCollector sink;
            // A sequence step without its own system prompt uses the input's.
            const OrderedJson& system_prompt = call.find("systemPrompt")
                                                   ? member(call, "systemPrompt")
                                                   : member(input, "systemPrompt");
            Task<void> task =
                handler->create_message(system_prompt.as_string(), member(call, "messages"),
                                        metadata_from(member(call, "metadata")), sink);
            if (std::exception_ptr thrown = run_to_end(task, timed_out))
                call_error = error_json(thrown);
            call_chunks = sink.take();
        };
        if (action == "createMessage") {
            run_create(input, chunks, error);
        } else if (action == "sequence") {
            for (const OrderedJson& step : member(input, "steps").items()) {
                OrderedJson step_chunks;
                OrderedJson step_error;
                run_create(step, step_chunks, step_error);
                OrderedJson record = OrderedJson::object({});
                record.set("chunks", std::move(step_chunks));
                if (!step_error.is_null()) record.set("error", std::move(step_error));
                steps.push_back(std::move(record));
            }
        } else if (action == "completePrompt") {
            Task<std::string> task = handler->complete_prompt(member(input, "prompt").as_string());
            if (std::exception_ptr thrown = run_to_end(task, timed_out)) {
                error = error_json(thrown);
            } else if (!timed_out) {
                result = OrderedJson::string(task.result());
            }
        } else if (action == "countTokens") {
            Task<double> task = handler->count_tokens(member(input, "content"));
            if (std::exception_ptr thrown = run_to_end(task, timed_out)) {
                error = error_json(thrown);
            } else if (!timed_out) {
                result = OrderedJson::number(task.result());
            }
        } else {
            return QStringLiteral("unknown action %1").arg(QString::fromStdString(action));
        }
    }
    if (timed_out)
        return QStringLiteral("the handler did not finish within %1 ms").arg(kCaseTimeoutMs);

    // Requests, in order.
    const auto& expected_requests = member(golden_case, "requests").items();
    const auto& recorded = server.requests();
    for (std::size_t i = 0; i < std::min(expected_requests.size(), recorded.size()); ++i) {
        const std::string difference =
            compare_request(secrets.apply(expected_requests[i]), recorded[i]);
        if (!difference.empty())
            return QStringLiteral("request %1: %2").arg(i).arg(QString::fromStdString(difference));
    }
    if (expected_requests.size() != recorded.size()) {
        return QStringLiteral("expected %1 requests, the handler sent %2%3")
            .arg(expected_requests.size())
            .arg(recorded.size())
            .arg(error.is_null() ? QString()
                                 : QStringLiteral(" (it threw %1)")
                                       .arg(QString::fromStdString(json::json_stringify(error))));
    }

    auto difference_in = [](const char* what, const OrderedJson& expected,
                            const OrderedJson& actual) {
        const std::string difference = json_difference(expected, actual, what);
        return QString::fromStdString(difference);
    };
    if (action == "sequence") {
        if (QString d = difference_in(
                "steps", placeholders.apply(member(golden_case, "expected_steps")), steps);
            !d.isEmpty())
            return d;
    } else {
        if (QString d = difference_in("chunks",
                                      golden_case.find("expected_chunks")
                                          ? member(golden_case, "expected_chunks")
                                          : OrderedJson::array({}),
                                      chunks);
            !d.isEmpty())
            return d;
        if (QString d = difference_in(
                "error", placeholders.apply(member(golden_case, "expected_error")), error);
            !d.isEmpty())
            return d;
        if (QString d = difference_in("result", member(golden_case, "expected_result"), result);
            !d.isEmpty())
            return d;
    }
    if (const OrderedJson* files_after = golden_case.find("home_files_after");
        files_after && home) {
        if (const std::string d = home->compare(placeholders.apply(*files_after)); !d.empty())
            return QString::fromStdString(d);
    }
    if (const OrderedJson* model_after = golden_case.find("model_after"); model_after && handler) {
        if (QString d = difference_in("model_after", *model_after, handler->get_model().to_json());
            !d.isEmpty())
            return d;
    }
    return {};
}

}  // namespace lapce_ai::parity
