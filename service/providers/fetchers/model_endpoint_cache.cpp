#include "model_endpoint_cache.h"

#include <QRegularExpression>
#include <QString>

#include "openrouter.h"

namespace lapce_ai::providers {

std::string sanitize_filename(const std::string& input) {
    static const QRegularExpression illegal(QStringLiteral(R"([\/\?<>\\:\*\|"])"));
    static const QRegularExpression control(
        QStringLiteral("[\\x{0000}-\\x{001f}\\x{0080}-\\x{009f}]"));
    static const QRegularExpression reserved(QStringLiteral(R"(^\.+$)"));
    static const QRegularExpression windows_reserved(
        QStringLiteral(R"(^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression windows_trailing(QStringLiteral(R"([\. ]+$)"));
    QString text = QString::fromStdString(input);
    text.remove(illegal);
    text.remove(control);
    text.remove(reserved);
    text.remove(windows_reserved);
    text.remove(windows_trailing);
    // truncate-utf8-bytes(…, 255): whole characters only.
    QByteArray bytes = text.toUtf8();
    if (bytes.size() > 255) {
        qsizetype cut = 255;
        while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80) --cut;
        bytes.truncate(cut);
    }
    return bytes.toStdString();
}

Task<ModelRecord> get_model_endpoints(std::string router, std::optional<std::string> model_id,
                                      std::optional<std::string> endpoint,
                                      const ProviderContext& context) {
    // OpenRouter is the only router with model endpoints.
    if (router != "openrouter" || !model_id || model_id->empty() || !endpoint || endpoint->empty())
        co_return ModelRecord{};

    const std::string key = sanitize_filename(router + "_" + *model_id);
    ModelCaches& caches = *context.model_caches;
    if (std::optional<ModelRecord> cached = caches.endpoints.get(key)) co_return std::move(*cached);

    ModelRecord model_providers =
        co_await get_open_router_model_endpoints(*context.http, *model_id);
    if (!model_providers.empty()) caches.endpoints.set(key, model_providers);
    co_return model_providers;
}

}  // namespace lapce_ai::providers
