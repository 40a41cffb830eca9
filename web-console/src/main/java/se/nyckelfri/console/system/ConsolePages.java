package se.nyckelfri.console.system;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The pages around signing in and out: signed out, session ended, sign-in failed, and refused (a role with no place in
 * the console).
 */
@Controller
class ConsolePages {

    private final Duration sessionTimeout;

    ConsolePages(@Value("${server.servlet.session.timeout:30m}") Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    @GetMapping("/console/signed-out")
    String signedOut() {
        return "console/signed-out";
    }

    @GetMapping("/console/session-expired")
    String sessionExpired(Model model) {
        model.addAttribute("minutes", sessionTimeout.toMinutes());
        return "console/session-expired";
    }

    @GetMapping("/console/sign-in-failed")
    @ResponseStatus(HttpStatus.UNAUTHORIZED)
    String signInFailed(Model model) {
        model.addAttribute("messageKey", "error.signInFailed");
        return "console/error";
    }

    @RequestMapping("/console/denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied(Model model) {
        model.addAttribute("messageKey", "error.forbidden");
        return "console/error";
    }
}
