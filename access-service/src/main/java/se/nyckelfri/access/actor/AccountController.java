package se.nyckelfri.access.actor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.Pseudonyms;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * Administrators give people a role here: the identity provider (embedded or the municipality's own) says who
 * someone is, this account says what they may do. An account is keyed by the provider's subject ({@code sub}).
 */
@RestController
@RequestMapping("/api/v1/accounts")
@PreAuthorize("hasRole('ADMIN')")
class AccountController {

    private final Accounts accounts;
    private final AuditLog audit;

    AccountController(Accounts accounts, AuditLog audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    record NewAccount(@NotBlank @Size(max = 200) String subject, @NotNull Role role, UUID staffMemberId,
                      Set<@NotNull UUID> careUnitIds) { }

    record AccountView(String subject, String pseudonym, Role role, UUID staffMemberId, Set<UUID> careUnitIds) { }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    AccountView create(@Valid @RequestBody NewAccount body, @AuthenticationPrincipal Actor admin) {
        Set<UUID> units = body.careUnitIds() == null ? Set.of() : body.careUnitIds();
        if ((body.role() == Role.STAFF) != (body.staffMemberId() != null)) {
            throw new InvalidInputException("staffMemberId", "is required for STAFF accounts and only for them");
        }
        if ((body.role() == Role.MANAGER) == units.isEmpty()) {
            throw new InvalidInputException("careUnitIds", "a manager needs care units, and only a manager has them");
        }
        String pseudonym = accounts.create(body.subject(), body.role() == Role.STAFF ? null : Pseudonyms.next('U'), body.role(),
                body.staffMemberId(), units);
        audit.append(AuditEvent.of("ACCOUNT_CREATED", admin.pseudonym()).subject("account", pseudonym)
                .attribute("role", body.role()).attribute("care_units", units.stream().sorted().toList()).build());
        return new AccountView(body.subject(), pseudonym, body.role(), body.staffMemberId(), units);
    }
}
