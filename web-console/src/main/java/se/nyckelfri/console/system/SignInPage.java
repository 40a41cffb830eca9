package se.nyckelfri.console.system;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The embedded identity provider's sign-in form, in the console's languages and look (the platform's form login posts
 * to {@code /login}; this only draws the form). The CSRF field keeps the order of attributes Spring Security's own
 * page used, which scripts (scripts/token.sh) read.
 */
@Controller
class SignInPage {

    @GetMapping("/login")
    String signIn() {
        return "console/sign-in";
    }
}
