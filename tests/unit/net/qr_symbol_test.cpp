// The join link's QR code, checked without a decoder: the symbol's size fits its version, the three finder
// patterns sit in their corners with their separators, the timing patterns alternate, and the SVG draws exactly
// the dark modules inside the quiet zone.
#include <regex>

#include <gtest/gtest.h>

#include "net/qr_symbol.hpp"

namespace huddle::net {
namespace {

// The 7x7 finder pattern whose top-left module is (x, y): a dark ring, a light ring, a dark 3x3 core.
bool finder_at(const QrSymbol& s, int x, int y) {
  for (int dy = 0; dy < 7; ++dy) {
    for (int dx = 0; dx < 7; ++dx) {
      const int ring = std::max(std::abs(dx - 3), std::abs(dy - 3));
      const bool dark = ring != 2;
      if (s.at(x + dx, y + dy) != dark) return false;
    }
  }
  return true;
}

// The light separator around the top-left finder (column 7 and row 7) and the top-right one (column width-8, row 7).
bool separators_light(const QrSymbol& s) {
  for (int i = 0; i < 8; ++i) {
    if (s.at(7, i) || s.at(i, 7) || s.at(s.width - 8, i) || s.at(s.width - 1 - i, 7)) return false;
  }
  return true;
}

TEST(QrSymbol, AJoinLinkIsASmallSymbolWithItsFinderAndTimingPatterns) {
  const auto symbol = encode_qr("https://huddle.example.org:8443/?code=K7QX3M");
  ASSERT_TRUE(symbol);
  EXPECT_GE(symbol->version, 1);
  EXPECT_LE(symbol->version, 4) << "a join link needs no dense symbol: it must scan from the back of a room";
  EXPECT_EQ(symbol->width, 17 + 4 * symbol->version);
  ASSERT_EQ(symbol->dark.size(), static_cast<std::size_t>(symbol->width * symbol->width));
  const int far = symbol->width - 7;
  EXPECT_TRUE(finder_at(*symbol, 0, 0));
  EXPECT_TRUE(finder_at(*symbol, far, 0));
  EXPECT_TRUE(finder_at(*symbol, 0, far));
  EXPECT_FALSE(finder_at(*symbol, far, far)) << "the fourth corner has no finder";
  EXPECT_TRUE(separators_light(*symbol));
  // Timing patterns: row 6 and column 6 alternate dark and light between the finders.
  for (int i = 8; i < far - 1; ++i) {
    EXPECT_EQ(symbol->at(i, 6), i % 2 == 0) << "row 6, column " << i;
    EXPECT_EQ(symbol->at(6, i), i % 2 == 0) << "column 6, row " << i;
  }
  // The dark module beside the bottom-left finder is always there.
  EXPECT_TRUE(symbol->at(8, symbol->width - 8));
}

TEST(QrSymbol, LongerTextNeedsALargerVersionAndNothingIsMadeOfEmptyOrOverlongText) {
  const auto short_link = encode_qr("http://h/?code=K7QX3M");
  const auto long_link = encode_qr("https://" + std::string(120, 'a') + ".example/?code=K7QX3M");
  ASSERT_TRUE(short_link && long_link);
  EXPECT_LT(short_link->version, long_link->version);
  EXPECT_FALSE(encode_qr(""));
  EXPECT_FALSE(encode_qr(std::string(max_qr_text_bytes + 1, 'a')));
  EXPECT_TRUE(encode_qr(std::string(max_qr_text_bytes, 'a')));
  EXPECT_FALSE(encode_qr(std::string("a\0b", 3)));
}

TEST(QrSymbol, TheSvgDrawsEveryDarkModuleOnceInsideTheQuietZoneAndEscapesItsTitle) {
  const auto symbol = encode_qr("http://127.0.0.1:8080/?code=K7QX3M");
  ASSERT_TRUE(symbol);
  const std::string svg = qr_svg(*symbol, "http://x/?a=1&b=<2>");
  const int side = symbol->width + 2 * qr_quiet_zone;
  EXPECT_NE(svg.find("viewBox=\"0 0 " + std::to_string(side) + " " + std::to_string(side) + "\""), std::string::npos);
  EXPECT_NE(svg.find("<title>http://x/?a=1&amp;b=&lt;2&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#fff\""), std::string::npos) << "a white ground, so the code scans on a dark page too";
  // Redraw the path's runs into a grid: it must be exactly the symbol, moved by the quiet zone.
  std::vector<bool> drawn(symbol->dark.size(), false);
  const std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
  int runs = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), run); it != std::sregex_iterator(); ++it, ++runs) {
    const int x = std::stoi((*it)[1]) - qr_quiet_zone, y = std::stoi((*it)[2]) - qr_quiet_zone, n = std::stoi((*it)[3]);
    ASSERT_EQ(n, std::stoi((*it)[4]));
    ASSERT_GE(x, 0);
    ASSERT_GE(y, 0);
    ASSERT_LE(x + n, symbol->width);
    for (int i = 0; i < n; ++i) {
      auto&& cell = drawn[static_cast<std::size_t>(y * symbol->width + x + i)];
      EXPECT_FALSE(cell) << "drawn twice";
      cell = true;
    }
  }
  EXPECT_GT(runs, 0);
  EXPECT_EQ(drawn, symbol->dark);
}

}  // namespace
}  // namespace huddle::net
