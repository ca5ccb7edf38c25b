//! The gettext `Plural-Forms` header (`nplurals=N; plural=EXPR;`), checked the way
//! `msgfmt --check-header` checks it: a broken one breaks Poedit and msgfmt, so it is refused.

use std::collections::BTreeSet;
use std::sync::Mutex;

/// The most plural forms a language has (Arabic has six).
const MAX_FORMS: u64 = 6;

/// Longer expressions are not a language's rule; the limit also bounds the parser's recursion.
const MAX_TOKENS: usize = 200;

/// The numbers `n` the expression is tried on, as msgfmt tries it.
const TRIED: std::ops::RangeInclusive<u64> = 0..=1000;

/// How many valid values a run remembers, not to try them again: a language has one.
const MAX_REMEMBERED: usize = 256;

/// How a correct header reads, for every message.
const EXAMPLE: &str = "it must read like `nplurals=2; plural=(n != 1);`";

/// Check a `Plural-Forms` value: `nplurals` from 1 to 6, then an expression of `n`, numbers,
/// parentheses and C's operators that gives a form from 0 to nplurals - 1 for every `n`.
pub fn check(value: &str) -> Result<(), String> {
    // Every catalog of a language has the same header: each distinct value is tried once.
    static VALID: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    if VALID.lock().is_ok_and(|valid| valid.contains(value)) {
        return Ok(());
    }
    parse(value).map_err(|problem| format!("{problem}; {EXAMPLE}"))?;
    if let Ok(mut valid) = VALID.lock() {
        if valid.len() < MAX_REMEMBERED {
            valid.insert(value.to_string());
        }
    }
    Ok(())
}

fn parse(value: &str) -> Result<(), String> {
    let tokens = tokens(value)?;
    if tokens.len() > MAX_TOKENS {
        return Err(format!("the value has more than {MAX_TOKENS} parts"));
    }
    let mut parser = Parser { tokens: &tokens, at: 0 };
    parser.name_and_equals("nplurals")?;
    let nplurals = match parser.next() {
        Some(Token::Number(n)) => *n,
        Some(token) => return Err(format!("nplurals must be a whole number, not {}", token.describe())),
        None => return Err("nplurals= has no number".into()),
    };
    parser.expect(&Token::Semicolon, "`;` after nplurals")?;
    parser.name_and_equals("plural")?;
    if matches!(parser.peek(), None | Some(Token::Semicolon)) {
        return Err("plural= has no expression".into());
    }
    let plural = parser.choice()?;
    // The final semicolon is optional, as msgfmt reads it.
    if parser.peek() == Some(&Token::Semicolon) {
        parser.at += 1;
    }
    if let Some(token) = parser.peek() {
        return Err(format!("unexpected {} after the expression", token.describe()));
    }
    if !(1..=MAX_FORMS).contains(&nplurals) {
        return Err(format!("nplurals is {nplurals}; it must be 1 to {MAX_FORMS}"));
    }
    for n in TRIED {
        match plural.eval(n) {
            None => return Err(format!("the expression divides by zero for n = {n}")),
            Some(form) if form >= nplurals => {
                return Err(format!(
                    "the expression gives form {form} for n = {n}, but nplurals = {nplurals} allows 0 to {}",
                    nplurals - 1
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Name(String),
    Number(u64),
    /// `=` of an assignment.
    Assign,
    Semicolon,
    Open,
    Close,
    Operator(&'static str),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Name(name) => format!("`{name}`"),
            Token::Number(n) => format!("`{n}`"),
            Token::Assign => "`=`".into(),
            Token::Semicolon => "`;`".into(),
            Token::Open => "`(`".into(),
            Token::Close => "`)`".into(),
            Token::Operator(op) => format!("`{op}`"),
        }
    }
}

/// Operators longest first, so `<=` is not read as `<` then `=`.
const OPERATORS: [&str; 17] =
    ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "?", ":", "+", "-", "*", "/", "%", "="];

fn tokens(value: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut rest = value.trim_start();
    while let Some(c) = rest.chars().next() {
        let (token, len) = if c.is_ascii_digit() {
            let len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            let number =
                rest[..len].parse().map_err(|_| format!("the number `{}` is too large", &rest[..len]))?;
            (Token::Number(number), len)
        } else if c.is_ascii_alphabetic() {
            let len = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(rest.len());
            (Token::Name(rest[..len].to_string()), len)
        } else if c == ';' {
            (Token::Semicolon, 1)
        } else if c == '(' {
            (Token::Open, 1)
        } else if c == ')' {
            (Token::Close, 1)
        } else if let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) {
            (if *op == "=" { Token::Assign } else { Token::Operator(op) }, op.len())
        } else {
            return Err(format!("`{}` has no place in a plural expression", c.escape_debug()));
        };
        tokens.push(token);
        rest = rest[len..].trim_start();
    }
    Ok(tokens)
}

/// An expression, as gettext's `plural.y` reads it.
#[derive(Debug, Clone)]
enum Node {
    N,
    Number(u64),
    Not(Box<Node>),
    Binary(&'static str, Box<Node>, Box<Node>),
    Choice(Box<Node>, Box<Node>, Box<Node>),
}

impl Node {
    /// The value for `n`, with gettext's unsigned arithmetic; `None` on a division by zero.
    fn eval(&self, n: u64) -> Option<u64> {
        Some(match self {
            Node::N => n,
            Node::Number(value) => *value,
            Node::Not(inner) => u64::from(inner.eval(n)? == 0),
            Node::Choice(test, yes, no) => {
                if test.eval(n)? != 0 {
                    yes.eval(n)?
                } else {
                    no.eval(n)?
                }
            }
            Node::Binary(op, left, right) => {
                let (a, b) = (left.eval(n)?, right.eval(n)?);
                match *op {
                    "||" => u64::from(a != 0 || b != 0),
                    "&&" => u64::from(a != 0 && b != 0),
                    "==" => u64::from(a == b),
                    "!=" => u64::from(a != b),
                    "<" => u64::from(a < b),
                    ">" => u64::from(a > b),
                    "<=" => u64::from(a <= b),
                    ">=" => u64::from(a >= b),
                    "+" => a.wrapping_add(b),
                    "-" => a.wrapping_sub(b),
                    "*" => a.wrapping_mul(b),
                    "/" => a.checked_div(b)?,
                    _ => a.checked_rem(b)?,
                }
            }
        })
    }
}

/// The binary operators by precedence, loosest first.
const LEVELS: [&[&str]; 6] =
    [&["||"], &["&&"], &["==", "!="], &["<", ">", "<=", ">="], &["+", "-"], &["*", "/", "%"]];

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.at);
        self.at += 1;
        token
    }

    fn expect(&mut self, wanted: &Token, what: &str) -> Result<(), String> {
        match self.next() {
            Some(token) if token == wanted => Ok(()),
            Some(token) => Err(format!("expected {what}, found {}", token.describe())),
            None => Err(format!("expected {what}, found the end")),
        }
    }

    /// `name =`, as an assignment starts.
    fn name_and_equals(&mut self, name: &str) -> Result<(), String> {
        self.expect(&Token::Name(name.into()), &format!("`{name}=`"))?;
        self.expect(&Token::Assign, &format!("`=` after {name}"))
    }

    /// `test ? yes : no`, or a binary expression.
    fn choice(&mut self) -> Result<Box<Node>, String> {
        let test = self.binary(0)?;
        if self.peek() != Some(&Token::Operator("?")) {
            return Ok(test);
        }
        self.at += 1;
        let yes = self.choice()?;
        self.expect(&Token::Operator(":"), "`:` of `? :`")?;
        let no = self.choice()?;
        Ok(Box::new(Node::Choice(test, yes, no)))
    }

    fn binary(&mut self, level: usize) -> Result<Box<Node>, String> {
        let Some(operators) = LEVELS.get(level) else { return self.unary() };
        let mut left = self.binary(level + 1)?;
        while let Some(&Token::Operator(op)) = self.peek() {
            if !operators.contains(&op) {
                break;
            }
            self.at += 1;
            let right = self.binary(level + 1)?;
            left = Box::new(Node::Binary(op, left, right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Box<Node>, String> {
        match self.next().cloned() {
            Some(Token::Operator("!")) => Ok(Box::new(Node::Not(self.unary()?))),
            Some(Token::Name(name)) if name == "n" => Ok(Box::new(Node::N)),
            Some(Token::Number(value)) => Ok(Box::new(Node::Number(value))),
            Some(Token::Open) => {
                let inner = self.choice()?;
                self.expect(&Token::Close, "`)`")?;
                Ok(inner)
            }
            Some(Token::Name(name)) => Err(format!("unknown name `{name}` (only `n` may vary)")),
            Some(token) => Err(format!("expected `n`, a number or `(`, found {}", token.describe())),
            None => Err("the expression ends too soon".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::i18n::LOCALES;

    #[test]
    fn every_locale_s_header_passes() {
        for locale in LOCALES {
            assert_eq!(check(locale.plural_forms), Ok(()), "{}", locale.code);
        }
    }

    #[test]
    fn headers_msgfmt_accepts_pass() {
        for value in [
            "nplurals=1; plural=0;",
            "nplurals=2; plural=n != 1;",
            "nplurals=2; plural=(n > 1)",
            " nplurals = 3 ; plural = n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2 ; ",
            "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n/10*10 == n && n > 10) ? 2 : 3;",
            "nplurals=2; plural=!(n == 1);",
        ] {
            assert_eq!(check(value), Ok(()), "{value}");
        }
    }

    #[test]
    fn broken_headers_say_what_is_wrong() {
        for (value, problem) in [
            ("", "expected `nplurals=`, found the end"),
            ("nplurals=2;", "expected `plural=`, found the end"),
            ("nplurals=2; plural=;", "plural= has no expression"),
            ("nplurals=INTEGER; plural=EXPRESSION;", "nplurals must be a whole number, not `INTEGER`"),
            ("nplurals=0; plural=0;", "nplurals is 0; it must be 1 to 6"),
            ("nplurals=7; plural=n;", "nplurals is 7"),
            ("nplurals=2; plural=(n != 1;", "expected `)`, found `;`"),
            ("nplurals=2; plural=n != 1);", "unexpected `)` after the expression"),
            ("nplurals=2; plural=n = 1;", "unexpected `=` after the expression"),
            ("nplurals=2; plural=x != 1;", "unknown name `x`"),
            ("nplurals=2; plural=n ~ 1;", "`~` has no place"),
            ("nplurals=2; plural=n ? 1;", "expected `:` of `? :`, found `;`"),
            ("nplurals=2; plural=n % 0;", "divides by zero for n = 0"),
            ("nplurals=2; plural=n;", "gives form 2 for n = 2, but nplurals = 2 allows 0 to 1"),
            ("nplurals=2; plural=(n != 1); x", "unexpected `x`"),
            ("nplurals=99999999999999999999999; plural=0;", "is too large"),
        ] {
            let message = check(value).expect_err(value);
            assert!(message.contains(problem), "{value}: {message}");
            assert!(message.ends_with("it must read like `nplurals=2; plural=(n != 1);`"), "{message}");
        }
        let deep = format!("nplurals=1; plural={}0{};", "(".repeat(500), ")".repeat(500));
        assert!(check(&deep).expect_err("too long").contains("more than 200 parts"));
    }
}
