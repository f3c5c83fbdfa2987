// What store connectors read from a visit's landing page and referrer (sdk helpers/visit.hpp):
// UTMs and click ids as browsers send them, and nothing, never an error, from hostile pages.
#include <cppunit/extensions/HelperMacros.h>

#include <roi/sdk/helpers/visit.hpp>

using namespace roi::sdk::helpers;

class VisitTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(VisitTest);
  CPPUNIT_TEST(reads_utms_click_id_and_referrer);
  CPPUNIT_TEST(hostile_pages_yield_nothing);
  CPPUNIT_TEST(referrers_are_site_hosts_only);
  CPPUNIT_TEST_SUITE_END();

 public:
  void reads_utms_click_id_and_referrer() {
    const auto v = read_visit(
        "/products/shirt?utm_source=Google&utm_medium=cpc&utm_campaign=Brand+%20Search&gclid=Cj0"
        "#top",
        "https://www.Google.co.uk:443/search?q=shirt");
    CPPUNIT_ASSERT_EQUAL(std::string("Google"), v.utm_source.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string("cpc"), v.utm_medium.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string("Brand  Search"), v.utm_campaign.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string("gclid"), v.click_id.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string("www.google.co.uk"), v.referrer.value_or(""));
    // The first occurrence wins; a click id without a value is none.
    const auto w =
        read_visit("https://shop.example/?fbclid=&utm_source=fb&utm_source=google&fbclid=x", "");
    CPPUNIT_ASSERT_EQUAL(std::string("fb"), w.utm_source.value_or(""));
    CPPUNIT_ASSERT(!w.click_id);
    CPPUNIT_ASSERT(!w.referrer);
  }

  void hostile_pages_yield_nothing() {
    const std::string long_page =
        "/?utm_source=google&utm_campaign=" + std::string(kMaxLandingPage, 'x');
    const std::string pages[] = {
        long_page,
        "/?utm_source=%FF%FEgoogle&utm_campaign=%C0%AF&utm_medium=%ED%A0%80",  // not UTF-8 text
        "/pages/go?next=/p?utm_source=google%26utm_campaign=x&r=%3Futm_source%3Dfacebook",
        "/wallets/checkouts.json",
        std::string("/?utm_source=\0google&gclid=%00&fbclid=%1F", 42),
        "?&&&=&utm_source&utm_campaign%3Dx=1",
        "/?utm_source=%E2%80",                             // a cut-off character
        "/?utm_source=goo%zzgle&utm_campaign=%4&gclid=%",  // malformed escapes
    };
    for (const auto& page : pages) {
      const auto v = read_visit(page, "");
      CPPUNIT_ASSERT_MESSAGE(page.substr(0, 60), !v.utm_source && !v.utm_campaign && !v.utm_medium);
      CPPUNIT_ASSERT_MESSAGE(page.substr(0, 60), !v.click_id);
    }
    // A long value is cut on a character boundary, never inside one.
    std::string name = "/?utm_campaign=";
    for (int i = 0; i < 200; ++i) name += "%C3%A9";
    const auto cut = read_visit(name, "").utm_campaign.value_or("");
    CPPUNIT_ASSERT(cut.size() <= kMaxUtmValue && cut.size() % 2 == 0 && !cut.empty());
  }

  void referrers_are_site_hosts_only() {
    for (const char* url : {"https://user:pw@evil.example/", "javascript:alert(1)",
                            "//facebook.com/", "https://xn--\xC3\xA9.com/", "https://[::1]/",
                            "https://.com/", "", "ftp://facebook.com/"}) {
      CPPUNIT_ASSERT_MESSAGE(url, !url_host(url));
    }
    CPPUNIT_ASSERT(!url_host("https://" + std::string(300, 'a') + ".com/"));
    CPPUNIT_ASSERT_EQUAL(std::string("l.facebook.com"),
                         url_host("HTTP://L.Facebook.com?x").value_or(""));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(VisitTest);
