package se.nyckelfri.console.home;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page; what it offers depends on the role (see the page frame's model). */
@Controller
class HomePage {

    @GetMapping("/console")
    String home() {
        return "console/home";
    }
}
