//! Derived indicators: `formula = "party_orgs_good_n / party_orgs_n * 100"`.
//!
//! A deliberately small, safe expression language — decimal numbers,
//! indicator ids, `+ - * /`, unary minus and parentheses; nothing else can
//! run. It is parsed once when the campaign loads, with errors that point at
//! the character, and evaluated on exact decimals: a division by zero or a
//! missing component is a reason for "no data", never an infinity or a
//! crash. This module knows nothing of files or rows.

use std::fmt;

use rust_decimal::Decimal;

/// A parsed formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    /// The text as written.
    pub text: String,
    expr: Expr,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    Number(Decimal),
    Ref(String),
    Neg(Box<Expr>),
    /// `a + b - c` or `a * b / c`, kept flat and folded left to right: a
    /// chain of fifty thousand terms is one level deep, so that neither
    /// evaluating nor dropping a formula can exhaust the stack. Only
    /// parentheses and unary minus nest, and `MAX_DEPTH` bounds those.
    Chain(Box<Expr>, Vec<(Op, Expr)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// Why a formula does not parse: the message and the character offset
/// (0-based, in characters) into the formula's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// The same message in Vietnamese.
    pub vi: String,
    pub offset: usize,
}

impl ParseError {
    fn new(offset: usize, message: impl Into<String>, vi: impl Into<String>) -> ParseError {
        ParseError {
            message: message.into(),
            vi: vi.into(),
            offset,
        }
    }

    /// The sentence in both languages, for a diagnostic to quote.
    pub fn said(&self) -> crate::diagnostic::Said {
        crate::diagnostic::Said::new(self.message.clone(), self.vi.clone())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why a formula has no value for the figures at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// A component has no value (no rows in the window).
    Missing(String),
    /// A denominator is zero.
    DivisionByZero,
    /// The result does not fit an exact decimal.
    Overflow,
}

impl EvalError {
    /// The reason in both languages, for a message to quote.
    pub fn said(&self) -> crate::diagnostic::Said {
        let vi = match self {
            EvalError::Missing(id) => format!("chỉ tiêu thành phần '{id}' không có giá trị"),
            EvalError::DivisionByZero => "có phép chia cho 0".to_string(),
            EvalError::Overflow => "kết quả quá lớn, không lưu chính xác được".to_string(),
        };
        crate::diagnostic::Said::new(self.to_string(), vi)
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Missing(id) => write!(f, "the component '{id}' has no value"),
            EvalError::DivisionByZero => f.write_str("a division by zero"),
            EvalError::Overflow => f.write_str("a result too large to hold exactly"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(Decimal),
    Ident(String),
    Op(char),
    Open,
    Close,
}

/// Nesting deeper than this is refused, so that no formula can exhaust the
/// stack.
const MAX_DEPTH: usize = 64;

impl Formula {
    /// Parse `text`.
    pub fn parse(text: &str) -> Result<Formula, ParseError> {
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens: &tokens,
            pos: 0,
            end: text.chars().count(),
            depth: 0,
        };
        let expr = parser.expr()?;
        if let Some((_, at)) = parser.tokens.get(parser.pos) {
            return Err(ParseError::new(
                *at,
                "unexpected text after the end of the formula; join parts with + - * /",
                "có phần thừa sau khi công thức đã kết thúc; hãy nối các phần bằng + - * /",
            ));
        }
        Ok(Formula {
            text: text.to_string(),
            expr,
        })
    }

    /// The ids the formula refers to, in order of first appearance.
    pub fn references(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_refs(&self.expr, &mut out);
        out
    }

    /// The formula's value, each id looked up by `value`.
    pub fn eval(&self, value: &dyn Fn(&str) -> Option<Decimal>) -> Result<Decimal, EvalError> {
        eval(&self.expr, value)
    }
}

fn collect_refs<'a>(expr: &'a Expr, out: &mut Vec<&'a str>) {
    match expr {
        Expr::Number(_) => {}
        Expr::Ref(id) => {
            if !out.contains(&id.as_str()) {
                out.push(id);
            }
        }
        Expr::Neg(e) => collect_refs(e, out),
        Expr::Chain(first, rest) => {
            collect_refs(first, out);
            for (_, e) in rest {
                collect_refs(e, out);
            }
        }
    }
}

fn eval(expr: &Expr, value: &dyn Fn(&str) -> Option<Decimal>) -> Result<Decimal, EvalError> {
    match expr {
        Expr::Number(n) => Ok(*n),
        Expr::Ref(id) => value(id).ok_or_else(|| EvalError::Missing(id.clone())),
        Expr::Neg(e) => Ok(-eval(e, value)?),
        Expr::Chain(first, rest) => {
            let mut a = eval(first, value)?;
            for (op, e) in rest {
                let b = eval(e, value)?;
                a = match op {
                    Op::Add => a.checked_add(b).ok_or(EvalError::Overflow)?,
                    Op::Sub => a.checked_sub(b).ok_or(EvalError::Overflow)?,
                    Op::Mul => a.checked_mul(b).ok_or(EvalError::Overflow)?,
                    Op::Div if b.is_zero() => return Err(EvalError::DivisionByZero),
                    Op::Div => a.checked_div(b).ok_or(EvalError::Overflow)?,
                };
            }
            Ok(a)
        }
    }
}

/// Tokens with their character offsets.
fn tokenize(text: &str) -> Result<Vec<(Token, usize)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let number: String = chars[start..i].iter().collect();
            let value = number.parse::<Decimal>().map_err(|_| {
                ParseError::new(
                    start,
                    format!(
                        "'{number}' is not a number; write numbers with digits and at most one '.'"
                    ),
                    format!(
                        "'{number}' không phải là số; hãy viết số bằng chữ số và nhiều nhất một dấu '.'"
                    ),
                )
            })?;
            out.push((Token::Number(value), start));
        } else if c.is_ascii_lowercase() || c == '_' {
            while i < chars.len()
                && (chars[i].is_ascii_lowercase() || chars[i].is_ascii_digit() || chars[i] == '_')
            {
                i += 1;
            }
            out.push((Token::Ident(chars[start..i].iter().collect()), start));
        } else if matches!(c, '+' | '-' | '*' | '/') {
            out.push((Token::Op(c), start));
            i += 1;
        } else if c == '(' {
            out.push((Token::Open, start));
            i += 1;
        } else if c == ')' {
            out.push((Token::Close, start));
            i += 1;
        } else {
            return Err(ParseError::new(
                start,
                format!(
                    "'{c}' cannot appear in a formula; use indicator ids (a–z, 0–9, _), numbers, + - * / and parentheses"
                ),
                format!(
                    "'{c}' không được có trong công thức; hãy dùng mã chỉ tiêu (a–z, 0–9, _), số, + - * / và dấu ngoặc"
                ),
            ));
        }
    }
    Ok(out)
}

/// A lone operand stays itself; operators make a flat chain.
fn chain(first: Expr, rest: Vec<(Op, Expr)>) -> Expr {
    if rest.is_empty() {
        first
    } else {
        Expr::Chain(Box::new(first), rest)
    }
}

struct Parser<'t> {
    tokens: &'t [(Token, usize)],
    pos: usize,
    /// The offset just past the text, for "ends too early" errors.
    end: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |(_, at)| *at)
    }

    /// expr := term (('+' | '-') term)*
    fn expr(&mut self) -> Result<Expr, ParseError> {
        let first = self.term()?;
        let mut rest = Vec::new();
        while let Some(Token::Op(c @ ('+' | '-'))) = self.peek() {
            let op = if *c == '+' { Op::Add } else { Op::Sub };
            self.pos += 1;
            rest.push((op, self.term()?));
        }
        Ok(chain(first, rest))
    }

    /// term := factor (('*' | '/') factor)*
    fn term(&mut self) -> Result<Expr, ParseError> {
        let first = self.factor()?;
        let mut rest = Vec::new();
        while let Some(Token::Op(c @ ('*' | '/'))) = self.peek() {
            let op = if *c == '*' { Op::Mul } else { Op::Div };
            self.pos += 1;
            rest.push((op, self.factor()?));
        }
        Ok(chain(first, rest))
    }

    /// factor := number | id | '-' factor | '(' expr ')'
    fn factor(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                self.offset(),
                "the formula nests too deeply",
                "công thức lồng nhau quá nhiều tầng",
            ));
        }
        let at = self.offset();
        let result = match self.tokens.get(self.pos).map(|(t, _)| t.clone()) {
            Some(Token::Number(n)) => {
                self.pos += 1;
                Ok(Expr::Number(n))
            }
            Some(Token::Ident(id)) => {
                self.pos += 1;
                Ok(Expr::Ref(id))
            }
            Some(Token::Op('-')) => {
                self.pos += 1;
                Ok(Expr::Neg(Box::new(self.factor()?)))
            }
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.expr()?;
                if self.peek() == Some(&Token::Close) {
                    self.pos += 1;
                    Ok(inner)
                } else {
                    Err(ParseError::new(
                        self.offset(),
                        "a '(' is not closed; add ')'",
                        "có dấu '(' chưa được đóng; hãy thêm ')'",
                    ))
                }
            }
            Some(Token::Close) => Err(ParseError::new(
                at,
                "a ')' closes nothing here",
                "dấu ')' ở đây không đóng dấu '(' nào",
            )),
            Some(Token::Op(c)) => Err(ParseError::new(
                at,
                format!("'{c}' needs a number or an indicator before it"),
                format!("trước '{c}' phải có một số hoặc một mã chỉ tiêu"),
            )),
            None => Err(ParseError::new(
                at,
                "the formula ends too early; a number or an indicator id is missing",
                "công thức kết thúc quá sớm; còn thiếu một số hoặc một mã chỉ tiêu",
            )),
        };
        self.depth -= 1;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn values(id: &str) -> Option<Decimal> {
        match id {
            "good" => Some(d("412")),
            "all" => Some(d("500")),
            "exports" => Some(d("55.5")),
            "imports" => Some(d("36.2")),
            "zero" => Some(Decimal::ZERO),
            _ => None,
        }
    }

    #[test]
    fn arithmetic_with_precedence_and_parentheses() {
        let eval = |t: &str| Formula::parse(t).unwrap().eval(&values);
        // 412 / 500 × 100 = 82.4
        assert_eq!(eval("good / all * 100"), Ok(d("82.4")));
        assert_eq!(eval("exports + imports"), Ok(d("91.7")));
        assert_eq!(eval("2 + 3 * 4"), Ok(d("14")));
        assert_eq!(eval("(2 + 3) * 4"), Ok(d("20")));
        assert_eq!(eval("-(all - good) / -2"), Ok(d("44")));
        assert_eq!(eval("100 - good / all * 100"), Ok(d("17.6")));
        assert_eq!(eval(" 1.5*2 "), Ok(d("3.0")));
    }

    #[test]
    fn missing_components_and_division_by_zero_are_reasons_not_crashes() {
        let eval = |t: &str| Formula::parse(t).unwrap().eval(&values);
        assert_eq!(eval("good / zero"), Err(EvalError::DivisionByZero));
        assert_eq!(
            eval("good / nothing"),
            Err(EvalError::Missing("nothing".into()))
        );
        assert_eq!(
            EvalError::Missing("x".into()).to_string(),
            "the component 'x' has no value"
        );
        let said = EvalError::Missing("x".into()).said();
        assert_eq!(said.en, "the component 'x' has no value");
        assert_eq!(said.vi, "chỉ tiêu thành phần 'x' không có giá trị");
        assert_eq!(EvalError::DivisionByZero.said().vi, "có phép chia cho 0");
        assert_eq!(
            EvalError::Overflow.said().vi,
            "kết quả quá lớn, không lưu chính xác được"
        );
    }

    #[test]
    fn references_are_listed_once_in_order() {
        let f = Formula::parse("a / (a + b) * 100 - c").unwrap();
        assert_eq!(f.references(), vec!["a", "b", "c"]);
    }

    #[test]
    fn parse_errors_point_at_the_character() {
        let err = |t: &str| Formula::parse(t).unwrap_err();
        assert_eq!(err("good / ").offset, 7);
        assert!(err("good / ").message.contains("ends too early"));
        assert_eq!(err("good ^ 2").offset, 5);
        assert!(err("good ^ 2").message.contains("'^' cannot appear"));
        assert_eq!(err("(good / all").offset, 11);
        assert!(err("(good / all").message.contains("not closed"));
        assert_eq!(err("good all").offset, 5);
        assert_eq!(err("1.2.3 + x").offset, 0);
        assert_eq!(err("* 2").offset, 0);
        assert_eq!(err("Good").offset, 0); // ids are lower case
        assert!(err(&"(".repeat(200)).message.contains("too deeply"));
    }

    #[test]
    fn parse_errors_are_said_in_vietnamese_too() {
        let vi = |t: &str| {
            let err = Formula::parse(t).unwrap_err();
            let said = err.said();
            assert_eq!(said.en, err.message, "the English stays as it was");
            said.vi
        };
        assert_eq!(
            vi("good / "),
            "công thức kết thúc quá sớm; còn thiếu một số hoặc một mã chỉ tiêu"
        );
        assert_eq!(
            vi("good ^ 2"),
            "'^' không được có trong công thức; hãy dùng mã chỉ tiêu (a–z, 0–9, _), số, + - * / và dấu ngoặc"
        );
        assert_eq!(vi("(good / all"), "có dấu '(' chưa được đóng; hãy thêm ')'");
        assert_eq!(
            vi("good all"),
            "có phần thừa sau khi công thức đã kết thúc; hãy nối các phần bằng + - * /"
        );
        assert_eq!(
            vi("1.2.3 + x"),
            "'1.2.3' không phải là số; hãy viết số bằng chữ số và nhiều nhất một dấu '.'"
        );
        assert_eq!(vi("* 2"), "trước '*' phải có một số hoặc một mã chỉ tiêu");
        assert_eq!(
            vi("good)"),
            "có phần thừa sau khi công thức đã kết thúc; hãy nối các phần bằng + - * /"
        );
        assert_eq!(vi(")"), "dấu ')' ở đây không đóng dấu '(' nào");
        assert_eq!(vi(&"(".repeat(200)), "công thức lồng nhau quá nhiều tầng");
    }

    #[test]
    fn a_formula_of_fifty_thousand_terms_neither_overflows_the_stack_nor_fails() {
        // Left-nested binary nodes made this a tree 50,000 deep: evaluating,
        // comparing or dropping it overflowed the stack.
        let text = vec!["good"; 50_000].join(" + ");
        let f = Formula::parse(&text).unwrap();
        assert_eq!(f.eval(&values), Ok(d("20600000")));
        assert_eq!(f.references(), vec!["good"]);
        let products = vec!["1"; 50_000].join(" * ") + " / 2 - 1 - 1";
        assert_eq!(
            Formula::parse(&products).unwrap().eval(&values),
            Ok(d("-1.5"))
        );
        let f2 = f.clone();
        assert_eq!(f, f2);
        // Unary minus nests, and is bounded like parentheses.
        let negs = "-".repeat(50_000) + "1";
        assert!(
            Formula::parse(&negs)
                .unwrap_err()
                .message
                .contains("too deeply")
        );
    }

    proptest! {
        #[test]
        fn parsing_and_evaluating_never_panic(text in "[a-z0-9_ .()+*/-]{0,40}") {
            if let Ok(f) = Formula::parse(&text) {
                let _ = f.eval(&|_| Some(Decimal::ONE));
                let _ = f.eval(&|_| Some(Decimal::ZERO));
                let _ = f.eval(&|_| Some(Decimal::MAX));
            }
        }
    }
}
