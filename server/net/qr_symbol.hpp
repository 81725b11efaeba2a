#pragma once
// A QR code (Debian's libqrencode) and its SVG drawing, for the join link the projector shows.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace huddle::net {

// The longest text encode_qr() takes. A join link is far shorter (scheme, host, "/?code=" and 6 characters);
// the cap keeps every symbol small enough to scan from the back of a room (version 10 or lower at level M).
inline constexpr std::size_t max_qr_text_bytes = 200;
// White modules around the symbol, as ISO/IEC 18004 asks, so a camera finds its edges on any background.
inline constexpr int qr_quiet_zone = 4;

struct QrSymbol {
  int version = 0;         // 1..40; width = 17 + 4 * version
  int width = 0;           // modules per side, without the quiet zone
  std::vector<bool> dark;  // width * width modules, row by row

  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * width + x)]; }
};

// `text` as a QR code with error correction level M (15%: a smudged screen or a glare still scans), in
// 8-bit mode so the text comes back byte for byte. Nothing for an empty or overlong text.
std::optional<QrSymbol> encode_qr(std::string_view text);

// The symbol as a standalone SVG document: black modules on white with the quiet zone, one path, scaled by
// whoever shows it (viewBox in modules). `title` names it for screen readers (escaped).
std::string qr_svg(const QrSymbol& symbol, std::string_view title);

}  // namespace huddle::net
