#pragma once
// Maps a JSON pointer to the place in the original text where that value starts, so that problems found on
// the parsed document can name a line and column. The text may contain // and /* */ comments (as scenario
// files do). Pure and tolerant: on text that is not valid JSON it indexes what it could read before the
// first problem, and lookups fall back to the nearest value it knows.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huddle::scenario {

struct TextPosition {
  int line = 1;             // 1-based
  int column = 1;           // 1-based, counted in characters (UTF-8 code points), a tab counts as one
  std::size_t offset = 0;   // byte offset into the text
};

class JsonLocator {
 public:
  // Keeps a view of `text`, which must outlive the locator.
  explicit JsonLocator(std::string_view text);

  // Where the value at `pointer` (RFC 6901: "" is the whole document, "/phases/0/title", "~1" stands for
  // '/' and "~0" for '~' in a key) starts; nullopt when the text has no such value.
  std::optional<TextPosition> find(std::string_view pointer) const;

  // Like find, but never fails: for a pointer that names something absent (a missing key, an index past
  // the end) it gives the start of the deepest value on the path that exists, which for a missing key is
  // its enclosing object. Line 1, column 1 when the text holds no value at all.
  TextPosition locate(std::string_view pointer) const;

  // Line and column of a byte offset (clamped to the end of the text).
  TextPosition position_of(std::size_t offset) const;

  // A key written more than once in the same object. A JSON reader keeps only the last one, so the
  // earlier ones are silently ignored. `position` is where the repeated key is written.
  struct DuplicateKey {
    std::string key;      // as read (escapes decoded)
    std::string pointer;  // to the key's value
    TextPosition position;
  };
  // Every repeat (not the first occurrence), in text order.
  const std::vector<DuplicateKey>& duplicate_keys() const { return duplicates_; }

 private:
  struct Container {
    bool object = false;                                       // an object; otherwise an array
    std::map<std::string, std::size_t, std::less<>> members;  // key -> node (the last occurrence wins)
    std::vector<std::size_t> items;                            // array elements -> node
  };
  struct Node {
    std::size_t offset = 0;
    std::optional<std::size_t> container;  // index into containers_ for objects and arrays
  };

  void index();
  std::optional<std::size_t> deepest(std::string_view pointer, bool& complete) const;

  std::string_view text_;
  std::vector<std::size_t> line_starts_;  // byte offset where each line begins
  std::vector<Node> nodes_;               // nodes_[0] is the document's root value, if any
  std::vector<Container> containers_;
  std::vector<DuplicateKey> duplicates_;
};

}  // namespace huddle::scenario
