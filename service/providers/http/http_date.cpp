#include "http_date.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QString>

namespace lapce_ai::providers {

std::optional<qint64> parse_http_date(const QByteArray& value) {
    const QString text = QString::fromLatin1(value).trimmed();
    // Qt's RFC 2822 parser wants a numeric zone where HTTP dates say GMT (or UT / UTC).
    static const QRegularExpression utc_zone(QStringLiteral(R"(\s+(GMT|UTC?)$)"),
                                             QRegularExpression::CaseInsensitiveOption);
    QString rfc2822 = text;
    rfc2822.replace(utc_zone, QStringLiteral(" +0000"));
    QDateTime date = QDateTime::fromString(rfc2822, Qt::RFC2822Date);
    if (!date.isValid()) date = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!date.isValid()) return std::nullopt;
    return date.toMSecsSinceEpoch();
}

}  // namespace lapce_ai::providers
