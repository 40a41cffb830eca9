package se.nyckelfri.console.system;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The pages around signing in and out: signed out, sign-in failed, and refused (a role with no place in the console). */
@Controller
class ConsolePages {

    @GetMapping("/console/signed-out")
    String signedOut() {
        return "console/signed-out";
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
