// The router's description: every procedure by path with its contract, a family as its members,
// the codes each may answer, a broken output schema refused at registration, and the OpenAPI
// rendering of the same.
#include "api/schema_document.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using roi::api::Access;
using roi::api::ErrorCode;
using roi::api::FamilyMember;
using roi::api::InputSchema;
using roi::api::Procedure;
using roi::api::ProcedureRegistry;
using roi::api::ProcedureType;

namespace {

const roi::api::Handler kNoop = [](roi::api::CallContext&, const rapidjson::Value&,
                                   roi::api::JsonWriter& out) { out.Null(); };

class SchemaDocumentTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SchemaDocumentTest);
  CPPUNIT_TEST(lists_every_procedure_by_path_with_its_contract);
  CPPUNIT_TEST(a_family_appears_as_its_members);
  CPPUNIT_TEST(errors_add_what_any_call_may_answer);
  CPPUNIT_TEST(an_output_schema_that_is_not_an_object_is_refused);
  CPPUNIT_TEST(openapi_has_an_operation_per_procedure);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    registry_.add({"b.get", ProcedureType::Query,
                   std::make_shared<InputSchema>(
                       R"({"type": "object", "properties": {"id": {"type": "integer"}},
                           "required": ["id"]})"),
                   kNoop, Access::Public, R"({"type": "object"})"});
    registry_.add({"a.set",
                   ProcedureType::Mutation,
                   nullptr,
                   kNoop,
                   Access::User,
                   R"({"type": "boolean"})",
                   {ErrorCode::Conflict}});
    registry_.add_family({"c.connect",
                          ProcedureType::Mutation,
                          std::make_shared<InputSchema>(R"({"type": "object"})"),
                          kNoop,
                          Access::User,
                          "",
                          {ErrorCode::NotFound},
                          [] {
                            return std::vector<FamilyMember>{
                                {"c.connectOne", R"({"type": "object"})", R"({"type": "null"})"},
                                {"b.get", "{}", "{}"}};  // taken by add(): left out
                          }});
  }

  rapidjson::Document schema() {
    rapidjson::StringBuffer buf;
    roi::api::JsonWriter w(buf);
    roi::api::write_schema_document(w, registry_, {"1.2.3", "/api/trpc", "roi_session"});
    rapidjson::Document doc;
    doc.Parse(buf.GetString());
    CPPUNIT_ASSERT(!doc.HasParseError());
    return doc;
  }

  void lists_every_procedure_by_path_with_its_contract() {
    const auto doc = schema();
    CPPUNIT_ASSERT_EQUAL(std::string("1.2.3"), std::string(doc["version"].GetString()));
    const auto& procs = doc["procedures"];
    CPPUNIT_ASSERT_EQUAL(3u, procs.Size());
    CPPUNIT_ASSERT_EQUAL(std::string("a.set"), std::string(procs[0]["path"].GetString()));
    CPPUNIT_ASSERT_EQUAL(std::string("mutation"), std::string(procs[0]["type"].GetString()));
    CPPUNIT_ASSERT(procs[0]["requiresSession"].GetBool());
    CPPUNIT_ASSERT(procs[0]["input"].IsNull());
    CPPUNIT_ASSERT_EQUAL(std::string("boolean"),
                         std::string(procs[0]["output"]["type"].GetString()));
    CPPUNIT_ASSERT_EQUAL(std::string("b.get"), std::string(procs[1]["path"].GetString()));
    CPPUNIT_ASSERT_EQUAL(std::string("query"), std::string(procs[1]["type"].GetString()));
    CPPUNIT_ASSERT(!procs[1]["requiresSession"].GetBool());
    CPPUNIT_ASSERT_EQUAL(std::string("id"),
                         std::string(procs[1]["input"]["required"][0].GetString()));
    CPPUNIT_ASSERT(doc["error"]["properties"].HasMember("error"));
  }

  void a_family_appears_as_its_members() {
    const auto doc = schema();
    const auto& member = doc["procedures"][2];
    CPPUNIT_ASSERT_EQUAL(std::string("c.connectOne"), std::string(member["path"].GetString()));
    CPPUNIT_ASSERT_EQUAL(std::string("null"), std::string(member["output"]["type"].GetString()));
    CPPUNIT_ASSERT(member["requiresSession"].GetBool());
  }

  void errors_add_what_any_call_may_answer() {
    const auto codes = roi::api::error_codes(*registry_.find("a.set"));
    auto has = [&](ErrorCode c) { return std::find(codes.begin(), codes.end(), c) != codes.end(); };
    CPPUNIT_ASSERT(has(ErrorCode::Conflict));
    CPPUNIT_ASSERT(has(ErrorCode::Unauthorized));
    CPPUNIT_ASSERT(has(ErrorCode::UnsupportedMediaType));
    CPPUNIT_ASSERT(has(ErrorCode::BadRequest));
    CPPUNIT_ASSERT(has(ErrorCode::InternalServerError));
    CPPUNIT_ASSERT(std::is_sorted(codes.begin(), codes.end()));
    const auto query = roi::api::error_codes(*registry_.find("b.get"));
    CPPUNIT_ASSERT(std::find(query.begin(), query.end(), ErrorCode::Unauthorized) == query.end());
    CPPUNIT_ASSERT(std::find(query.begin(), query.end(), ErrorCode::UnsupportedMediaType) ==
                   query.end());
  }

  void an_output_schema_that_is_not_an_object_is_refused() {
    CPPUNIT_ASSERT_THROW(
        registry_.add({"d.bad", ProcedureType::Query, nullptr, kNoop, Access::Public, "[1"}),
        std::logic_error);
    CPPUNIT_ASSERT(registry_.find("d.bad") == nullptr);
  }

  void openapi_has_an_operation_per_procedure() {
    rapidjson::StringBuffer buf;
    roi::api::JsonWriter w(buf);
    roi::api::write_openapi_document(w, registry_, {"1.2.3", "/api/trpc", "roi_session"});
    rapidjson::Document doc;
    doc.Parse(buf.GetString());
    CPPUNIT_ASSERT(!doc.HasParseError());
    CPPUNIT_ASSERT_EQUAL(std::string("3.1.0"), std::string(doc["openapi"].GetString()));
    const auto& paths = doc["paths"];
    CPPUNIT_ASSERT_EQUAL(3u, paths.MemberCount());
    const auto& get = paths["/api/trpc/b.get"]["get"];
    CPPUNIT_ASSERT(get["parameters"][0]["required"].GetBool());
    CPPUNIT_ASSERT(!get.HasMember("security"));
    const auto& post = paths["/api/trpc/a.set"]["post"];
    CPPUNIT_ASSERT(!post.HasMember("requestBody"));
    CPPUNIT_ASSERT(post.HasMember("security"));
    CPPUNIT_ASSERT(post["responses"].HasMember("409"));
    CPPUNIT_ASSERT(post["responses"].HasMember("401"));
    // The answer's envelope carries the declared output as result.data; errors name the envelope.
    const auto& ok = post["responses"]["200"]["content"]["application/json"]["schema"];
    CPPUNIT_ASSERT(ok.IsObject());
    CPPUNIT_ASSERT_EQUAL(
        std::string("boolean"),
        std::string(ok["properties"]["result"]["properties"]["data"]["type"].GetString()));
    CPPUNIT_ASSERT_EQUAL(
        std::string("#/components/schemas/Error"),
        std::string(
            post["responses"]["409"]["content"]["application/json"]["schema"]["$ref"].GetString()));
    CPPUNIT_ASSERT_EQUAL(
        std::string("roi_session"),
        std::string(doc["components"]["securitySchemes"]["session"]["name"].GetString()));
  }

 private:
  ProcedureRegistry registry_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SchemaDocumentTest);

}  // namespace
