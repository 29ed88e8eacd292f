// Loading RDF files into a store: every file of one call is one transaction, all or nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "annals/rdf.hpp"
#include "annals/status.hpp"
#include "annals/store.hpp"

namespace annals {

struct LoadOptions {
  // Format of every file; by default each file's extension decides.
  std::optional<RdfFormat> format;
  // Recorded in the transaction log; by default "load FILE..." with the files' names.
  std::string description;
  // Called now and then with the input bytes read so far and the total (0 if unknown).
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct LoadResult {
  std::uint64_t quads_read = 0;
  std::uint64_t facts_added = 0;  // new facts; the rest were already in the store
  TxRecord tx;                    // number 0 if nothing changed
};

// Parses each file and asserts its quads. Blank node labels are scoped to their file: each
// gets a fresh blank node in the store. On any error nothing is committed and the store is as
// before; the Status names the file, line and column.
Result<LoadResult> load_files(Store& store, const std::vector<std::string>& paths,
                              const LoadOptions& options = {});

// Writes every current fact of the store as N-Quads (or N-Triples for a store whose facts all
// sit in the default graph). Facts with a valid-time interval cannot be carried by these
// formats and are written once per distinct quad.
Status dump_store(const Store& store, std::ostream& out, RdfFormat format);

}  // namespace annals
