package dev.mamori.data.emoji;

/**
 * The gender an emoji's name or code points state: MAN (man, boy, prince, merman, ...), WOMAN (woman, girl, princess,
 * mermaid, ...), PERSON (a person of unstated gender: "person", "adult", "child", and every base emoji that Unicode
 * gives man and woman variants) and UNSPECIFIED (face emoji, which depict no person).
 */
public enum Gender {
    MAN, WOMAN, PERSON, UNSPECIFIED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
