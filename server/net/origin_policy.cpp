#include "net/origin_policy.hpp"

#include <algorithm>

namespace huddle::net {

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}
}  // namespace

OriginPolicy::OriginPolicy(std::vector<std::string> allowed) {
  for (auto& a : allowed) allowed_.push_back(lower(a));
}

bool OriginPolicy::allows(std::string_view origin, std::string_view host) const {
  if (origin.empty()) return true;
  const std::string o = lower(origin);
  const std::string h = lower(host);
  if (!h.empty() && (o == "http://" + h || o == "https://" + h)) return true;
  return std::find(allowed_.begin(), allowed_.end(), o) != allowed_.end();
}

}  // namespace huddle::net
