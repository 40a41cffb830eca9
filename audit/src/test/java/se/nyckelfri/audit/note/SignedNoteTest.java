package se.nyckelfri.audit.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteTest {

    // The example key and note of golang.org/x/mod/sumdb/note (its package documentation).
    static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void signWhenGoExampleKeyThenSameBytesAsGo() throws Exception {
        byte[] typed = Base64.getDecoder().decode(GO_SEED);
        NoteSigner signer = new NoteSigner("PeterNeumann", NoteKey.ED25519, Arrays.copyOfRange(typed, 1, 33));
        assertThat(signer.key().vkey()).isEqualTo(GO_VKEY);
        assertThat(GO_TEXT + "\n" + signer.sign(GO_TEXT) + "\n").isEqualTo(GO_NOTE);
        SignedNote note = SignedNote.parse(GO_NOTE);
        assertThat(note.text()).isEqualTo(GO_TEXT);
        assertThat(note.verify(List.of(NoteKey.parse(GO_VKEY)))).hasSize(1);
        assertThat(note.format()).isEqualTo(GO_NOTE);
    }

    @Test
    void verifyWhenTextChangedThenRefused() throws Exception {
        SignedNote forged = SignedNote.parse(GO_NOTE.replace("answer", "Answer"));
        assertThatThrownBy(() -> forged.verify(List.of(NoteKey.parse(GO_VKEY))))
                .isInstanceOf(SignedNote.NoteException.class).hasMessageContaining("does not verify");
    }

    @Test
    void verifyWhenOnlyUnknownKeysSignedThenRefused() throws Exception {
        NoteSigner other = NoteSigner.loadOrCreate(java.nio.file.Files.createTempDirectory("k").resolve("key"), "PeterNeumann", NoteKey.ED25519);
        SignedNote note = SignedNote.parse(GO_TEXT + "\n" + other.sign(GO_TEXT) + "\n");
        // Same name, other key id: ignored, and then nothing trusted signed it.
        assertThatThrownBy(() -> note.verify(List.of(NoteKey.parse(GO_VKEY))))
                .isInstanceOf(SignedNote.NoteException.class).hasMessageContaining("no trusted key");
    }

    @Test
    void parseWhenMalformedThenTypedError() {
        for (String bad : List.of("", "text\n", "text\n\n", "text\n\n\u2014 name\n", "text\n\n- name AAAAAAAA\n",
                "text\n\n\u2014 na+me AAAAAAAAAA==\n", "te\u0001xt\n\n\u2014 name AAAAAAAAAA==\n",
                "text\n\n\u2014 name !!!!\n", "text\n\n\u2014 name AAAAAAAAAA==")) {
            assertThatThrownBy(() -> SignedNote.parse(bad)).as(bad).isInstanceOf(SignedNote.NoteException.class);
        }
    }

    @Test
    void vkeyWhenBase64ContainsPlusThenParsed() {
        // A verifier key of transparency-dev/formats' tests whose base64 contains a '+'.
        assertThat(NoteKey.parse("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6").name()).isEqualTo("TEST");
    }

    @Test
    void vkeyWhenIdDoesNotMatchThenRefused() {
        assertThatThrownBy(() -> NoteKey.parse(GO_VKEY.replace("c74f20a3", "c74f20a4")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkpointWhenFormattedThenParsesBack() throws Exception {
        Checkpoint checkpoint = new Checkpoint("nyckelfri.test/audit", 20852163, new byte[32]);
        assertThat(checkpoint.text()).isEqualTo("nyckelfri.test/audit\n20852163\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        Checkpoint parsed = Checkpoint.parse(checkpoint.text());
        assertThat(parsed.size()).isEqualTo(20852163);
        for (String bad : List.of("o\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", "o\n1\nAAAA\n", "o\n1\n", "o\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
                "o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\next\n")) {
            assertThatThrownBy(() -> Checkpoint.parse(bad)).as(bad).isInstanceOf(SignedNote.NoteException.class);
        }
    }
}
