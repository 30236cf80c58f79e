#pragma once

// Encoder of HPACK header blocks (RFC 7541) for the engine's own HTTP/2 client. It never adds to
// the dynamic table and never Huffman-codes, so the server's decoder needs no table entries (the
// session announces a table size of 0 where the server expects an update): a field the static
// table holds whole is sent as its index, a field whose name it holds as that index and the
// value, any other as the name and the value; literals are "without indexing", credentials
// (authorization, cookie, *api-key) "never indexed".

#include <string>
#include <vector>

#include "hpack_decoder.h"

namespace lapce_ai::providers {

// Appends the header block of `headers` to `out`. Names are compared with the static table as
// given: the caller passes them in lowercase, as HTTP/2 requires (RFC 9113 8.2.1).
void hpack_encode(const std::vector<HpackHeader>& headers, std::string& out);

}  // namespace lapce_ai::providers
