#include "net/qr_symbol.hpp"

#include <memory>

#include <qrencode.h>

namespace huddle::net {

std::optional<QrSymbol> encode_qr(std::string_view text) {
  if (text.empty() || text.size() > max_qr_text_bytes) return std::nullopt;
  const std::string terminated(text);  // the library takes a C string
  if (terminated.find('\0') != std::string::npos) return std::nullopt;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(terminated.c_str(), 0, QR_ECLEVEL_M),
                                                       &QRcode_free);
  if (!code) return std::nullopt;
  QrSymbol symbol;
  symbol.version = code->version;
  symbol.width = code->width;
  const auto modules = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
  symbol.dark.resize(modules);
  // Bit 0 of each byte is the module's colour (1 = dark); the other bits say what the module is for.
  for (std::size_t i = 0; i < modules; ++i) symbol.dark[i] = (code->data[i] & 1) != 0;
  return symbol;
}

namespace {
std::string escape_xml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}
}  // namespace

std::string qr_svg(const QrSymbol& symbol, std::string_view title) {
  // Appended piece by piece: GCC 12 at -O3 sees a bogus overflow in chains of string operator+.
  const std::string side = std::to_string(symbol.width + 2 * qr_quiet_zone);
  std::string svg;
  svg.reserve(4096);
  for (std::string_view part : {std::string_view("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "),
                                std::string_view(side), std::string_view(" "), std::string_view(side),
                                std::string_view("\" shape-rendering=\"crispEdges\" role=\"img\"><title>")}) {
    svg.append(part);
  }
  svg.append(escape_xml(title));
  for (std::string_view part : {std::string_view("</title><rect width=\""), std::string_view(side),
                                std::string_view("\" height=\""), std::string_view(side),
                                std::string_view("\" fill=\"#fff\"/><path fill=\"#000\" d=\"")}) {
    svg.append(part);
  }
  // One run of dark modules per "M x y h n v1 h -n z", so a symbol is a few kilobytes, not one rect per module.
  for (int y = 0; y < symbol.width; ++y) {
    for (int x = 0; x < symbol.width;) {
      if (!symbol.at(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < symbol.width && symbol.at(x + run, y)) ++run;
      const std::string length = std::to_string(run);
      svg.push_back('M');
      svg.append(std::to_string(x + qr_quiet_zone));
      svg.push_back(' ');
      svg.append(std::to_string(y + qr_quiet_zone));
      svg.push_back('h');
      svg.append(length);
      svg.append("v1h-");
      svg.append(length);
      svg.push_back('z');
      x += run;
    }
  }
  svg.append("\"/></svg>\n");
  return svg;
}

}  // namespace huddle::net
