#include "api/json.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "api/error.hpp"
#include "text/utf8.hpp"

namespace roi::api {
namespace {

// Forwards SAX events to the document while refusing to nest deeper than the limit.
struct DepthLimiter {
  rapidjson::Document& doc;
  std::size_t depth = 0;
  bool too_deep = false;

  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }
  bool Uint(unsigned u) { return doc.Uint(u); }
  bool Int64(int64_t i) { return doc.Int64(i); }
  bool Uint64(uint64_t u) { return doc.Uint64(u); }
  bool Double(double d) { return doc.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return doc.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc.Key(s, n, copy); }
  bool enter() {
    if (++depth > kMaxJsonDepth) {
      too_deep = true;
      return false;
    }
    return true;
  }
  bool StartObject() { return enter() && doc.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth;
    return doc.EndObject(n);
  }
  bool StartArray() { return enter() && doc.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth;
    return doc.EndArray(n);
  }
};

}  // namespace

void parse_json(std::string_view text, rapidjson::Document& doc) {
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  DepthLimiter limiter{doc};
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  bool ok = true;
  auto generator = [&](rapidjson::Document&) {
    ok = !reader.Parse<kFlags>(stream, limiter).IsError();
    return ok;
  };
  doc.Populate(generator);
  if (limiter.too_deep) {
    throw Error(ErrorCode::ParseError,
                "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  if (!ok) {
    throw Error(ErrorCode::ParseError, std::string("Invalid JSON: ") +
                                           rapidjson::GetParseError_En(reader.GetParseErrorCode()) +
                                           " at offset " + std::to_string(reader.GetErrorOffset()));
  }
}

}  // namespace roi::api
