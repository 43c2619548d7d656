//! Node names as every protocol writes them: one letter for the role and a number from 1 ("A3", "L1",
//! "U4", "C2"), the letter in either case. One parser, so a scenario file names nodes the same way
//! whatever its protocol.

/// The role letter (upper case) and the number of `name`, or `None` if it is not a letter followed by
/// one to three digits making a number from 1 to 255.
pub fn parse(name: &str) -> Option<(char, u8)> {
    let mut chars = name.chars();
    let letter = chars.next()?.to_ascii_uppercase();
    let digits = chars.as_str();
    if !letter.is_ascii_alphabetic()
        || digits.is_empty()
        || digits.len() > 3
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits
        .parse::<u8>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| (letter, n))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn a_letter_and_a_number_from_one() {
        assert_eq!(parse("A3"), Some(('A', 3)));
        assert_eq!(parse("l1"), Some(('L', 1)));
        assert_eq!(parse("U012"), Some(('U', 12)));
        for bad in [
            "", "A", "A0", "A256", "A1234", "3A", "A-1", "A 1", "ÄA1", "A١",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
