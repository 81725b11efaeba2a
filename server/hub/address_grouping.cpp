#include "hub/address_grouping.hpp"

#include <algorithm>

#include <boost/asio/ip/address.hpp>

namespace huddle::hub {

namespace {
template <class Bytes>
void keep_prefix(Bytes& bytes, unsigned prefix) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const unsigned bit = static_cast<unsigned>(i) * 8;
    if (bit >= prefix) bytes[i] = 0;
    else if (prefix - bit < 8) bytes[i] = static_cast<unsigned char>(bytes[i] & (0xFFU << (8 - (prefix - bit))));
  }
}
}  // namespace

std::string AddressGrouping::group_of(const std::string& address) const {
  if (address.empty()) return {};
  boost::system::error_code ec;
  auto parsed = boost::asio::ip::make_address(address, ec);
  if (ec) return {};
  if (parsed.is_v6() && parsed.to_v6().is_v4_mapped()) {
    parsed = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, parsed.to_v6());
  }
  if (parsed.is_v4()) {
    const unsigned prefix = std::min(ipv4_prefix, 32U);
    auto bytes = parsed.to_v4().to_bytes();
    keep_prefix(bytes, prefix);
    return boost::asio::ip::address_v4(bytes).to_string() + "/" + std::to_string(prefix);
  }
  const unsigned prefix = std::min(ipv6_prefix, 128U);
  auto bytes = parsed.to_v6().to_bytes();
  keep_prefix(bytes, prefix);
  return boost::asio::ip::address_v6(bytes).to_string() + "/" + std::to_string(prefix);
}

}  // namespace huddle::hub
