package se.nyckelfri.console.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.audittrail.ResidentExtracts;
import se.nyckelfri.console.grant.GrantWording;
import se.nyckelfri.console.system.ConsoleTime;

/**
 * A resident's log extract as files: CSV (RFC 4180, UTF-8, one line per event, for the care provider's own tools)
 * and PDF (A4, for the resident), both in the reader's language. Stateless and thread-safe.
 */
@Component
class ExtractFiles {

    private final MessageSource messages;
    private final GrantWording wording;

    ExtractFiles(MessageSource messages, GrantWording wording) {
        this.messages = messages;
        this.wording = wording;
    }

    byte[] csv(ResidentExtracts.Extract extract, Locale locale) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("index", "time", "event", "door", "role", "care_provider", "care_unit"));
        if (extract.namesIncluded()) {
            header.add("name");
        }
        header.addAll(List.of("outcome", "reason", "purpose", "grantee_role", "grantee_care_provider", "grantee_care_unit"));
        if (extract.namesIncluded()) {
            header.add("grantee_name");
        }
        header.add("grant_hours");
        row(out, header);
        for (ResidentExtracts.Line line : extract.lines()) {
            List<String> cells = new ArrayList<>(List.of(Long.toString(line.index()), ConsoleTime.of(line.at()),
                    event(line.type(), locale), line.door(), role(line.who().role(), locale), line.who().careProvider(),
                    line.who().careUnit()));
            if (extract.namesIncluded()) {
                cells.add(line.who().name());
            }
            cells.addAll(List.of(line.outcome(), line.reason(), line.purpose(),
                    line.grantee().role().isEmpty() ? "" : role(line.grantee().role(), locale), line.grantee().careProvider(),
                    line.grantee().careUnit()));
            if (extract.namesIncluded()) {
                cells.add(line.grantee().name());
            }
            cells.add(line.schedule() == null ? "" : wording.when(line.schedule(), locale));
            row(out, cells);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] pdf(ResidentExtracts.Extract extract, Locale locale) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            Writer writer = new Writer(document, regular);
            writer.line(bold, 14, text("extract.title", locale, extract.residentPseudonym()));
            writer.line(regular, 9, text("extract.made", locale, ConsoleTime.of(extract.madeAt()), extract.madeBy()));
            writer.line(regular, 9, text(extract.namesIncluded() ? "extract.withNames" : "extract.withoutNames", locale));
            writer.line(regular, 9, text("extract.count", locale, extract.lines().size()));
            writer.gap();
            for (ResidentExtracts.Line line : extract.lines()) {
                writer.line(bold, 9, ConsoleTime.of(line.at()) + "  " + event(line.type(), locale)
                        + (line.door().isEmpty() ? "" : " - " + line.door()));
                writer.line(regular, 9, "    " + who(line.who(), locale)
                        + (line.outcome().isEmpty() ? "" : " - " + outcome(line.outcome(), line.reason(), locale))
                        + (line.grantee().role().isEmpty() ? "" : " - " + text("extract.grantee", locale, who(line.grantee(), locale)))
                        + (line.schedule() == null ? "" : " - " + text("extract.when", locale, wording.when(line.schedule(), locale)))
                        + (line.purpose().isEmpty() ? "" : " - " + text("extract.purpose", locale, line.purpose())));
            }
            writer.close();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A person as the extract names them: role, unit (provider), and the name when included. */
    private String who(ResidentExtracts.Who who, Locale locale) {
        return role(who.role(), locale)
                + (who.careUnit().isEmpty() ? "" : ", " + who.careUnit())
                + (who.careProvider().isEmpty() ? "" : " (" + who.careProvider() + ")")
                + (who.name().isEmpty() ? "" : ", " + who.name());
    }

    /** An outcome in words, its codes in parentheses: "Nekat: ingen behörighet just nu (DENIED, NO_GRANT)". */
    private String outcome(String outcome, String reason, Locale locale) {
        String word = messages.getMessage("outcome." + outcome, null, outcome, locale);
        if (reason.isEmpty()) {
            return word + " (" + outcome + ")";
        }
        return word + ": " + messages.getMessage("reason." + reason, null, reason, locale) + " (" + outcome + ", " + reason + ")";
    }

    private String event(String type, Locale locale) {
        return messages.getMessage("extract.type." + type, null, type, locale);
    }

    private String role(String role, Locale locale) {
        return messages.getMessage("extract.role." + role, null, role, locale);
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i) == null ? "" : cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                cell = '"' + cell.replace("\"", "\"\"") + '"';
            }
            out.append(cell);
        }
        out.append("\r\n");
    }

    /** Lines of text down A4 pages, a new page when one is full; characters the font cannot show become '?'. */
    private static final class Writer {
        private static final float MARGIN = 50;
        private final PDDocument document;
        private final PDType1Font font;
        private PDPageContentStream stream;
        private float y;

        Writer(PDDocument document, PDType1Font font) throws IOException {
            this.document = document;
            this.font = font;
            newPage();
        }

        /** Writes {@code text}, wrapped at spaces to the page's width. */
        void line(PDType1Font with, float size, String text) throws IOException {
            String rest = printable(with, text);
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            while (!rest.isEmpty()) {
                int end = rest.length();
                while (with.getStringWidth(rest.substring(0, end)) / 1000 * size > width) {
                    int space = rest.lastIndexOf(' ', end - 1);
                    end = space > 6 ? space : end - 1; // never only the indent: a word too long is cut
                }
                draw(with, size, rest.substring(0, end));
                rest = rest.substring(end).stripLeading();
                if (!rest.isEmpty()) {
                    rest = "      " + rest;
                }
            }
        }

        private void draw(PDType1Font with, float size, String text) throws IOException {
            if (y < MARGIN + size) {
                stream.close();
                newPage();
            }
            stream.beginText();
            stream.setFont(with, size);
            stream.newLineAtOffset(MARGIN, y);
            stream.showText(text);
            stream.endText();
            y -= size * 1.45f;
        }

        void gap() {
            y -= 8;
        }

        void close() throws IOException {
            stream.close();
        }

        private void newPage() throws IOException {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            y = page.getMediaBox().getHeight() - MARGIN;
        }

        private static String printable(PDType1Font font, String text) {
            StringBuilder out = new StringBuilder();
            text.codePoints().forEach(c -> {
                String one = new String(Character.toChars(c));
                try {
                    font.encode(one);
                    out.append(one);
                } catch (IOException | IllegalArgumentException e) {
                    out.append('?');
                }
            });
            return out.toString();
        }
    }
}
