package se.nyckelfri.access.actor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenValidatorsTest {

    @Test
    void standardWhenNoAudienceThenRefusesToBuild() {
        // Without an audience, any token of the same provider would do: an identity token, another application's token.
        assertThatThrownBy(() -> TokenValidators.standard("https://idp.test", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences");
        assertThatThrownBy(() -> TokenValidators.standard("https://idp.test", List.of(" "), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
