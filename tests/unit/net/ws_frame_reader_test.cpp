#include "net/ws_frame_reader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/utf8.hpp"

namespace huddle::net {
namespace {

using Kind = WsInbound::Kind;

// One client frame, as it goes on the wire.
struct Frame {
  bool fin = true;
  std::uint8_t opcode = 0x1;
  std::string payload;
  std::array<std::uint8_t, 4> key{0x37, 0xFA, 0x21, 0x3D};
  std::uint8_t rsv = 0;      // the three RSV bits, as a number 0..7
  bool masked = true;
  int length_bits = 0;       // 0: the shortest encoding; 7, 16 or 64 to force one
  std::optional<std::uint64_t> declared_length = std::nullopt;  // a length to claim instead of the payload's
};

std::string encode(const Frame& f) {
  std::string out;
  out += static_cast<char>((f.fin ? 0x80 : 0) | (f.rsv << 4) | f.opcode);
  const std::uint64_t length = f.declared_length.value_or(f.payload.size());
  const int bits = f.length_bits != 0 ? f.length_bits : length < 126 ? 7 : length < 65536 ? 16 : 64;
  const int mask_bit = f.masked ? 0x80 : 0;
  if (bits == 7) {
    out += static_cast<char>(mask_bit | static_cast<int>(length));
  } else {
    out += static_cast<char>(mask_bit | (bits == 16 ? 126 : 127));
    for (int shift = bits - 8; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xFF);
  }
  if (!f.masked) return out + f.payload;
  for (auto k : f.key) out += static_cast<char>(k);
  for (std::size_t i = 0; i < f.payload.size(); ++i) out += static_cast<char>(f.payload[i] ^ f.key[i % 4]);
  return out;
}

std::string describe(const std::variant<std::monostate, WsInbound, WsProtocolError>& item) {
  if (std::holds_alternative<std::monostate>(item)) return "nothing";
  if (const auto* error = std::get_if<WsProtocolError>(&item)) {
    EXPECT_FALSE(error->reason.empty());
    EXPECT_LT(error->reason.size(), 60u) << error->reason;
    return "error " + std::to_string(error->close_code);
  }
  const auto& in = std::get<WsInbound>(item);
  switch (in.kind) {
    case Kind::text: return "text " + in.payload;
    case Kind::binary: return "binary " + in.payload;
    case Kind::ping: return "ping " + in.payload;
    case Kind::pong: return "pong " + in.payload;
    case Kind::close: return "close " + std::to_string(in.close_code) + " " + in.payload;
  }
  return "?";
}

// Takes what next() yields until it needs more bytes; true when it failed.
bool drain(WsFrameReader& reader, std::vector<std::string>& out) {
  for (;;) {
    auto item = reader.next();
    if (std::holds_alternative<std::monostate>(item)) return false;
    out.push_back(describe(item));
    if (std::holds_alternative<WsProtocolError>(item)) return true;
  }
}

// What a reader yields for `bytes` appended at once; appending them one byte at a time must yield the same.
std::vector<std::string> yields(std::string_view bytes, std::size_t max_message_bytes = 1000) {
  std::vector<std::string> whole;
  WsFrameReader at_once(max_message_bytes);
  at_once.append(bytes);
  drain(at_once, whole);

  std::vector<std::string> trickled;
  WsFrameReader byte_by_byte(max_message_bytes);
  for (char c : bytes) {
    byte_by_byte.append(std::string_view(&c, 1));
    if (drain(byte_by_byte, trickled)) break;
  }
  EXPECT_EQ(whole, trickled) << "appending one byte at a time changed what came out";
  return whole;
}

using Out = std::vector<std::string>;

std::string close_payload(std::uint16_t code, std::string_view reason = "") {
  std::string p;
  p += static_cast<char>(code >> 8);
  p += static_cast<char>(code & 0xFF);
  return p + std::string(reason);
}

std::string pattern(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

TEST(WsFrameReader, SmallTextMessageArrivesUnmasked) {
  EXPECT_EQ(yields(encode({.payload = "hello, huddle"})), Out{"text hello, huddle"});
}

TEST(WsFrameReader, EmptyTextMessageArrives) { EXPECT_EQ(yields(encode({.payload = ""})), Out{"text "}); }

TEST(WsFrameReader, MessageOf200BytesUsesThe16BitLength) {
  std::string bytes = encode({.payload = pattern(200)});
  ASSERT_EQ(static_cast<unsigned char>(bytes[1]), 0x80 | 126);
  EXPECT_EQ(yields(bytes), Out{"text " + pattern(200)});
}

TEST(WsFrameReader, MessageOf70000BytesUsesThe64BitLength) {
  std::string bytes = encode({.payload = pattern(70000)});
  ASSERT_EQ(static_cast<unsigned char>(bytes[1]), 0x80 | 127);
  EXPECT_EQ(yields(bytes, 100000), Out{"text " + pattern(70000)});
}

TEST(WsFrameReader, LongerLengthEncodingsThanNeededAreAccepted) {
  EXPECT_EQ(yields(encode({.payload = "hi", .length_bits = 16}) + encode({.payload = "yo", .length_bits = 64})),
            (Out{"text hi", "text yo"}));
}

TEST(WsFrameReader, TwoFramesInOneAppendComeOutOneByOne) {
  WsFrameReader reader(1000);
  reader.append(encode({.payload = "first"}) + encode({.payload = "second", .key = {1, 2, 3, 4}}));
  EXPECT_EQ(describe(reader.next()), "text first");
  EXPECT_EQ(describe(reader.next()), "text second");
  EXPECT_EQ(describe(reader.next()), "nothing");
}

TEST(WsFrameReader, ByteAtATimeYieldsNothingUntilTheFrameIsWhole) {
  std::string bytes = encode({.payload = pattern(300)});
  WsFrameReader reader(1000);
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    reader.append(bytes.substr(i, 1));
    ASSERT_EQ(describe(reader.next()), "nothing") << "after byte " << i;
    EXPECT_TRUE(reader.holds_bytes());
  }
  reader.append(bytes.substr(bytes.size() - 1));
  EXPECT_EQ(describe(reader.next()), "text " + pattern(300));
  EXPECT_FALSE(reader.holds_bytes());
}

TEST(WsFrameReader, FragmentedTextWithAPingInBetweenGivesThePingFirst) {
  std::string bytes = encode({.fin = false, .payload = "Hel"}) + encode({.opcode = 0x9, .payload = "are you there"}) +
                      encode({.fin = false, .opcode = 0x0, .payload = "lo, "}) +
                      encode({.opcode = 0x0, .payload = "world", .key = {9, 8, 7, 6}});
  EXPECT_EQ(yields(bytes), (Out{"ping are you there", "text Hello, world"}));
}

TEST(WsFrameReader, BinaryMessageKeepsEveryByteValue) {
  std::string all(256, '\0');
  for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<char>(i);
  EXPECT_EQ(yields(encode({.opcode = 0x2, .payload = all})), Out{"binary " + all});
  EXPECT_EQ(yields(encode({.fin = false, .opcode = 0x2, .payload = all.substr(0, 100)}) +
                 encode({.opcode = 0x0, .payload = all.substr(100)})),
            Out{"binary " + all});
}

TEST(WsFrameReader, PingAndPongKeepTheirPayloads) {
  EXPECT_EQ(yields(encode({.opcode = 0x9, .payload = "beat 1"}) + encode({.opcode = 0xA, .payload = "beat 0"}) +
                 encode({.opcode = 0x9, .payload = ""})),
            (Out{"ping beat 1", "pong beat 0", "ping "}));
  EXPECT_EQ(yields(encode({.opcode = 0x9, .payload = pattern(125)})), Out{"ping " + pattern(125)});
}

TEST(WsFrameReader, CloseCarriesTheCodeAndReason) {
  EXPECT_EQ(yields(encode({.opcode = 0x8, .payload = close_payload(1000, "bye for now")})), Out{"close 1000 bye for now"});
  EXPECT_EQ(yields(encode({.opcode = 0x8, .payload = close_payload(4001, "")})), Out{"close 4001 "});
}

TEST(WsFrameReader, EmptyCloseMeansNoStatus1005) {
  EXPECT_EQ(yields(encode({.opcode = 0x8, .payload = ""})), Out{"close 1005 "});
}

TEST(WsFrameReader, CloseWithOneBytePayloadIsAProtocolError) {
  EXPECT_EQ(yields(encode({.opcode = 0x8, .payload = "\x03"})), Out{"error 1002"});
}

TEST(WsFrameReader, CloseCodesMustBeOnesAPeerMaySend) {
  for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
    EXPECT_EQ(yields(encode({.opcode = 0x8, .payload = close_payload(code)})), Out{"error 1002"}) << code;
  for (std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
    EXPECT_EQ(yields(encode({.opcode = 0x8, .payload = close_payload(code)})), Out{"close " + std::to_string(code) + " "});
}

TEST(WsFrameReader, CloseReasonMustBeUtf8) {
  EXPECT_EQ(yields(encode({.opcode = 0x8, .payload = close_payload(1000, "\xC3\xA9t\xC3\xA9")})),
            Out{"close 1000 \xC3\xA9t\xC3\xA9"});
  EXPECT_EQ(yields(encode({.opcode = 0x8, .payload = close_payload(1000, "caf\xC3")})), Out{"error 1007"});
}

TEST(WsFrameReader, UnmaskedFrameIsAProtocolError) {
  EXPECT_EQ(yields(encode({.payload = "hello", .masked = false})), Out{"error 1002"});
}

TEST(WsFrameReader, ReservedBitsAreAProtocolErrorWithoutExtensions) {
  for (std::uint8_t rsv : {1, 2, 4, 7}) EXPECT_EQ(yields(encode({.payload = "x", .rsv = rsv})), Out{"error 1002"}) << +rsv;
}

TEST(WsFrameReader, UnknownOpcodeIsAProtocolError) {
  for (std::uint8_t opcode : {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
    EXPECT_EQ(yields(encode({.opcode = opcode, .payload = "x"})), Out{"error 1002"}) << +opcode;
}

TEST(WsFrameReader, FragmentedControlFrameIsAProtocolError) {
  for (std::uint8_t opcode : {0x8, 0x9, 0xA})
    EXPECT_EQ(yields(encode({.fin = false, .opcode = opcode, .payload = ""})), Out{"error 1002"}) << +opcode;
}

TEST(WsFrameReader, ControlFrameOver125BytesIsAProtocolError) {
  for (std::uint8_t opcode : {0x8, 0x9, 0xA})
    EXPECT_EQ(yields(encode({.opcode = opcode, .payload = close_payload(1000, pattern(124))})), Out{"error 1002"})
        << +opcode;
  // Also when the 16-bit form hides a short length: a control frame's length field is 7 bits.
  EXPECT_EQ(yields(encode({.opcode = 0x9, .payload = "hi", .length_bits = 16})), Out{"error 1002"});
}

TEST(WsFrameReader, ContinuationWithoutAStartedMessageIsAProtocolError) {
  EXPECT_EQ(yields(encode({.opcode = 0x0, .payload = "orphan"})), Out{"error 1002"});
  EXPECT_EQ(yields(encode({.payload = "done"}) + encode({.opcode = 0x0, .payload = "more"})),
            (Out{"text done", "error 1002"}));
}

TEST(WsFrameReader, NewMessageWhileAFragmentedOneIsOpenIsAProtocolError) {
  EXPECT_EQ(yields(encode({.fin = false, .payload = "part"}) + encode({.payload = "another"})), Out{"error 1002"});
  EXPECT_EQ(yields(encode({.fin = false, .payload = "part"}) + encode({.opcode = 0x2, .payload = "bin"})),
            Out{"error 1002"});
}

TEST(WsFrameReader, DeclaredTooBigFailsWith1009BeforeThePayloadArrives) {
  // A header claiming 2^62 bytes: nothing is allocated, the answer comes from the header alone.
  WsFrameReader reader(1000);
  reader.append(encode({.payload = "", .declared_length = std::uint64_t{1} << 62}));
  EXPECT_EQ(describe(reader.next()), "error 1009");
  EXPECT_EQ(yields(encode({.payload = "", .declared_length = std::uint64_t{1} << 62})), Out{"error 1009"});
  // One byte over the limit, with the payload never sent.
  EXPECT_EQ(yields(encode({.payload = "", .declared_length = 1001})), Out{"error 1009"});
  EXPECT_EQ(yields(encode({.payload = pattern(1000)})), Out{"text " + pattern(1000)});
}

TEST(WsFrameReader, LengthWithTheTopBitSetIsAProtocolError) {
  EXPECT_EQ(yields(encode({.payload = "", .declared_length = std::uint64_t{1} << 63})), Out{"error 1002"});
}

TEST(WsFrameReader, FragmentedMessageOverTheLimitFailsWith1009) {
  std::string exactly = encode({.fin = false, .payload = pattern(600)}) + encode({.opcode = 0x0, .payload = pattern(400)});
  EXPECT_EQ(yields(exactly), Out{"text " + pattern(600) + pattern(400)});
  std::string over = encode({.fin = false, .payload = pattern(600)}) +
                     encode({.fin = false, .opcode = 0x0, .payload = pattern(400)}) +
                     encode({.opcode = 0x0, .payload = "!"});
  EXPECT_EQ(yields(over), Out{"error 1009"});
}

TEST(WsFrameReader, ControlFramesDoNotCountTowardsTheMessageLimit) {
  std::string bytes = encode({.fin = false, .payload = pattern(990)}) + encode({.opcode = 0x9, .payload = pattern(100)}) +
                      encode({.opcode = 0x0, .payload = pattern(10)});
  EXPECT_EQ(yields(bytes), (Out{"ping " + pattern(100), "text " + pattern(990) + pattern(10)}));
}

TEST(WsFrameReader, InvalidUtf8TextFailsWith1007) {
  EXPECT_EQ(yields(encode({.payload = "bad \xFF byte"})), Out{"error 1007"});
  EXPECT_EQ(yields(encode({.payload = "surrogate \xED\xA0\x80"})), Out{"error 1007"});
  // Binary messages are not text: any bytes go.
  EXPECT_EQ(yields(encode({.opcode = 0x2, .payload = "\xFF"})), Out{"binary \xFF"});
}

TEST(WsFrameReader, CharacterSplitAcrossFragmentsIsValidAsAWhole) {
  // "€" is E2 82 AC: neither half is valid UTF-8 on its own.
  std::string bytes = encode({.fin = false, .payload = "price: \xE2\x82"}) + encode({.opcode = 0x0, .payload = "\xAC" "5"});
  EXPECT_EQ(yields(bytes), Out{"text price: \xE2\x82\xAC" "5"});
}

TEST(WsFrameReader, HoldsBytesWhileAFrameOrMessageIsIncomplete) {
  WsFrameReader reader(1000);
  EXPECT_FALSE(reader.holds_bytes());
  std::string bytes = encode({.payload = "hello"});
  reader.append(bytes.substr(0, 1));
  EXPECT_TRUE(reader.holds_bytes());
  reader.append(bytes.substr(1, 5));
  EXPECT_EQ(describe(reader.next()), "nothing");
  EXPECT_TRUE(reader.holds_bytes());
  reader.append(bytes.substr(6));
  EXPECT_TRUE(reader.holds_bytes());  // whole, but not yet taken
  EXPECT_EQ(describe(reader.next()), "text hello");
  EXPECT_FALSE(reader.holds_bytes());

  reader.append(encode({.fin = false, .payload = "half"}));
  EXPECT_EQ(describe(reader.next()), "nothing");
  EXPECT_TRUE(reader.holds_bytes());  // the first fragment
  reader.append(encode({.opcode = 0x0, .payload = " and half"}));
  EXPECT_EQ(describe(reader.next()), "text half and half");
  EXPECT_FALSE(reader.holds_bytes());
}

TEST(WsFrameReader, DrainedReaderHoldsNoHeapMemory) {
  std::optional<WsFrameReader> reader(std::in_place, 100000);
  reader->append(encode({.fin = false, .payload = pattern(5000)}) + encode({.opcode = 0x9, .payload = pattern(100)}));
  reader->append(encode({.opcode = 0x0, .payload = pattern(5000)}) + encode({.opcode = 0x2, .payload = pattern(70000)}));
  std::vector<std::string> out;
  drain(*reader, out);
  ASSERT_EQ(out.size(), 3u);
  ASSERT_FALSE(reader->holds_bytes());
  EXPECT_EQ(reader->heap_bytes(), 0u) << "an idle reader still owned heap memory";
}

TEST(WsFrameReader, FailedReaderDropsWhatItWasSent) {
  std::optional<WsFrameReader> reader(std::in_place, 100000);
  reader->append(encode({.fin = false, .payload = pattern(5000)}) + encode({.payload = pattern(5000)}) + pattern(70000));
  std::vector<std::string> out;
  ASSERT_TRUE(drain(*reader, out));
  reader->append(pattern(1000));
  EXPECT_EQ(reader->heap_bytes(), 0u) << "a failed reader kept what it was sent";
}

TEST(WsFrameReader, ErrorIsStickyAndLaterBytesAreIgnored) {
  WsFrameReader reader(1000);
  reader.append(encode({.payload = "fine"}) + encode({.payload = "x", .masked = false}) + encode({.payload = "after"}));
  EXPECT_EQ(describe(reader.next()), "text fine");
  auto first = reader.next();
  ASSERT_TRUE(std::holds_alternative<WsProtocolError>(first));
  reader.append(encode({.payload = "more"}));
  for (int i = 0; i < 3; ++i) {
    auto again = reader.next();
    ASSERT_TRUE(std::holds_alternative<WsProtocolError>(again));
    EXPECT_EQ(std::get<WsProtocolError>(again).close_code, 1002);
    EXPECT_EQ(std::get<WsProtocolError>(again).reason, std::get<WsProtocolError>(first).reason);
  }
  EXPECT_FALSE(reader.holds_bytes());
}

TEST(Utf8Validation, AcceptsWellFormedText) {
  EXPECT_TRUE(core::is_valid_utf8(""));
  EXPECT_TRUE(core::is_valid_utf8("plain ASCII {\"type\":\"join\"}"));
  EXPECT_TRUE(core::is_valid_utf8("\xC3\xA9t\xC3\xA9"));            // été
  EXPECT_TRUE(core::is_valid_utf8("\xE2\x82\xAC \xEF\xBF\xBF"));    // € U+FFFF
  EXPECT_TRUE(core::is_valid_utf8("\xF0\x9F\x99\x82 \xF4\x8F\xBF\xBF"));  // 🙂 U+10FFFF
  EXPECT_TRUE(core::is_valid_utf8(std::string_view("nul\0inside", 10)));
}

TEST(Utf8Validation, RejectsMalformedOverlongSurrogateAndOutOfRange) {
  EXPECT_FALSE(core::is_valid_utf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(core::is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(core::is_valid_utf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(core::is_valid_utf8("\xC3\x28"));          // bad continuation
  EXPECT_FALSE(core::is_valid_utf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(core::is_valid_utf8("\xC1\xBF"));          // overlong
  EXPECT_FALSE(core::is_valid_utf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(core::is_valid_utf8("\xF0\x8F\xBF\xBF"));  // overlong U+FFFF
  EXPECT_FALSE(core::is_valid_utf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(core::is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(core::is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(core::is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(core::is_valid_utf8("\xFE"));
  EXPECT_FALSE(core::is_valid_utf8("\xFF"));
  EXPECT_FALSE(core::is_valid_utf8("ok so far \xC3"));    // truncated at the very end
}

}  // namespace
}  // namespace huddle::net
