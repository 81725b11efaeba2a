#include "source_addresses.hpp"

#include <stdexcept>

#include <boost/asio/ip/address_v4.hpp>

namespace huddle::load {

SourceAddresses::SourceAddresses(std::size_t count) {
  if (count == 0 || count > 254) throw std::invalid_argument("--sources must be 1 to 254");
  for (std::size_t i = 1; i <= count; ++i) {
    addresses_.emplace_back(boost::asio::ip::address_v4((127u << 24) | static_cast<unsigned>(i)));
  }
}

}  // namespace huddle::load
