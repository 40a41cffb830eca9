package se.nyckelfri.console.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** Passes {@code ?lang=} on to Spring's interceptor only when it asks for one of the console's two languages. */
final class OnlySwedishOrEnglish implements HandlerInterceptor {

    private final LocaleChangeInterceptor change;

    OnlySwedishOrEnglish(LocaleChangeInterceptor change) {
        this.change = change;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String lang = request.getParameter("lang");
        if ("sv".equals(lang) || "en".equals(lang)) {
            return change.preHandle(request, response, handler);
        }
        return true;
    }
}
