#include "cluster/cluster_options.hpp"

#include <charconv>

namespace huddle::cluster {

std::optional<ClusterOptions> parse_redis_url(std::string_view url) {
  constexpr std::string_view scheme = "redis://";
  if (!url.starts_with(scheme)) return std::nullopt;
  url.remove_prefix(scheme.size());
  if (auto slash = url.find('/'); slash != std::string_view::npos) url = url.substr(0, slash);
  ClusterOptions options;
  const auto colon = url.rfind(':');
  options.redis_host = std::string(url.substr(0, colon));
  if (colon != std::string_view::npos) {
    const auto port = url.substr(colon + 1);
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value <= 0 || value > 65535) return std::nullopt;
    options.redis_port = value;
  }
  if (options.redis_host.empty()) return std::nullopt;
  return options;
}

}  // namespace huddle::cluster
