package se.nyckelfri.console.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.ui.Model;

/**
 * What every console page's frame needs: the signed-in user's role and pseudonym (never their name) for the
 * navigation, and the page's own path for the language switch.
 */
@ControllerAdvice(basePackages = "se.nyckelfri.console")
class ConsoleModel {

    private final ConsoleActors actors;

    ConsoleModel(ConsoleActors actors) {
        this.actors = actors;
    }

    @ModelAttribute
    void frame(HttpServletRequest request, Authentication authentication, Model model) {
        // A page drawn in answer to a form has no address of its own to switch language on: the start page then.
        model.addAttribute("currentPath", "GET".equals(request.getMethod())
                ? request.getRequestURI().substring(request.getContextPath().length()) : "/console");
        actors.find(authentication).ifPresent(actor -> {
            model.addAttribute("consoleRole", actor.role().name());
            model.addAttribute("consolePseudonym", actor.pseudonym());
        });
    }
}
