// The transaction log's record: one per committed transaction, keyed by its number.
#pragma once

#include <string>
#include <string_view>

#include "annals/store.hpp"

namespace annals::store {

void encode_tx_record(const TxRecord& r, std::string& out);
bool decode_tx_record(std::string_view key, std::string_view value, TxRecord& r);

}  // namespace annals::store
