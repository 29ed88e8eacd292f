// The SPARQL 1.1 Query grammar (https://www.w3.org/TR/sparql11-query/#grammar) with the
// SPARQL 1.2 additions (triple terms, reified triples, annotations, VERSION, the new
// built-ins) and our temporal clause (docs/DESIGN.md), as PEGTL rules. Rules keep the spec's
// production names and numbers; the terminals shared with Turtle come from
// syntax/include/syntax/terminals.hpp. Every token eats the white space and comments after it,
// so the rules below never mention them.
//
// Actions (actions.hpp) fire as rules succeed, so a rule that has fired an action must not
// be backtracked over: each construct commits (must<>) after its first token, and where two
// alternatives share a start (NIL and a collection, '(' in GROUP BY) the one without
// actions is tried first.
//
// Update (issue 8) reuses Prologue, TriplesTemplate, GroupGraphPattern and the expressions.
// clang-format off
#pragma once

#include "syntax/terminals.hpp"

namespace annals::query::grammar {

namespace pegtl = tao::pegtl;
using pegtl::at;
using pegtl::eof;
using pegtl::if_must;
using pegtl::list_must;
using pegtl::must;
using pegtl::not_at;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::success;
using syntax::ws;

// --- tokens ----------------------------------------------------------------------------------
template <char... Cs> struct p : seq<pegtl::string<Cs...>, ws> {};  // punctuation
template <syntax::KeywordText K> struct kw : seq<syntax::ikeyword<K>, ws> {
  static constexpr std::string_view name() { return {K.text, sizeof(K.text) - 1}; }
};

// [108] Var ::= VAR1 | VAR2; [143]-[144] VAR1 ::= '?' VARNAME, VAR2 ::= '$' VARNAME;
// [166] VARNAME ::= ( PN_CHARS_U | [0-9] ) ( PN_CHARS_U | [0-9] | #x00B7 | [#x0300-#x036F] | [#x203F-#x2040] )*
struct VAR : syntax::Terminal<VAR> {
  template <typename In, typename B>
  static bool scan(In& in, B& b) {
    syntax::Scan s(in);
    int c = s.at(0);
    if (c != '?' && c != '$') return false;
    std::size_t k = 1;
    for (;;) {
      int d = s.at(k);
      if (d >= '0' && d <= '9') { ++k; continue; }
      // PN_CHARS minus '-' is VARNAME's class after the first character.
      std::size_t n = syntax::name_len(s, b, k, k == 1 ? syntax::Name::kU : syntax::Name::kChars);
      if (n == 0 || (d == '-')) break;
      k += n;
    }
    if (k == 1) return false;  // '?' alone: a path modifier, not a variable
    b.push_var(std::string_view(s.ptr() + 1, k - 1));
    s.skip(k);
    s.accept_in_line();
    return true;
  }
};
struct Var : seq<VAR, ws> {};

struct IRIREF : seq<syntax::iriref, ws> {};
struct PrefixedName : seq<syntax::pname, ws> {};                         // [137]
struct iri : sor<IRIREF, PrefixedName> {};                               // [136]
struct String : seq<syntax::string_literal, ws> {};                      // [135]
struct LANGTAG : seq<syntax::lang_dir, ws> {};                           // [145] (LANG_DIR in 1.2)
struct Datatype : iri {};
struct RDFLiteral : seq<String, opt<sor<LANGTAG, seq<p<'^', '^'>, must<Datatype>>>>> {};  // [129]
struct NumericLiteral : seq<syntax::numeric, ws> {};                    // [130]-[133]
struct BooleanLiteral : sor<kw<"TRUE">, kw<"FALSE">> {};                 // [134]
struct BLANK_NODE_LABEL : seq<syntax::blank_label, ws> {};               // [142]
struct ANON : seq<one<'['>, ws, one<']'>, ws> {};                        // [163]
struct BlankNode : sor<BLANK_NODE_LABEL, ANON> {};                       // [138]
struct NIL : seq<one<'('>, ws, one<')'>, ws> {};                         // [161]
struct PNAME_NS : seq<syntax::prefix_name, ws> {};                       // [140]
struct INTEGER : seq<syntax::numeric, ws> {};                            // [146], checked by the action
struct KwA : seq<syntax::kw_a, ws> {};  // 'a' is case-sensitive (§19.5)

// --- the temporal clause (docs/DESIGN.md "The temporal clauses") ---------------------------------
struct TimeDate : String {};          // "YYYY", "YYYY-MM" or "YYYY-MM-DD", checked by the action
struct TimeDateLast : String {};
struct TimeStamp : String {};
struct TxNumber : INTEGER {};
struct ValidAt : if_must<kw<"AT">, TimeDate> {};
struct ValidDuring : if_must<kw<"DURING">, TimeDate, TimeDateLast> {};
struct ValidClause : if_must<kw<"VALID">, sor<ValidAt, ValidDuring>> {};
struct AsOfTransaction : if_must<kw<"TRANSACTION">, TxNumber> {};
struct AsOfWhat : sor<AsOfTransaction, TimeStamp> {};
struct AsOfClause : if_must<seq<kw<"AS">, kw<"OF">>, AsOfWhat> {};
struct TimeClause : sor<seq<ValidClause, opt<AsOfClause>>, AsOfClause> {};

// --- expressions -----------------------------------------------------------------------------
struct Expression;
struct GroupGraphPattern;
struct Close : p<')'> {};
struct Comma : p<','> {};

// Opens an argument list: marks the expression stack (and counts nesting depth).
struct CallOpen : p<'('> {};
struct EmptyArgs : NIL {};  // an empty argument list, also marking
struct Distinct : kw<"DISTINCT"> {};
struct Arg;  // an argument: an Expression
template <typename... More> struct ArgsN : seq<CallOpen, must<Arg>, must<Comma, More>..., must<Close>> {};
using Args1 = ArgsN<>;
using Args2 = ArgsN<Arg>;
using Args3 = ArgsN<Arg, Arg>;
struct Args2or3 : seq<CallOpen, must<Arg>, must<Comma, Arg>, opt<Comma, must<Arg>>, must<Close>> {};
struct Args3or4 : seq<CallOpen, must<Arg>, must<Comma, Arg>, must<Comma, Arg>, opt<Comma, must<Arg>>, must<Close>> {};
struct ExpressionList : sor<EmptyArgs, seq<CallOpen, list_must<Arg, Comma>, must<Close>>> {};  // [72]
struct ArgList : sor<EmptyArgs, seq<CallOpen, opt<Distinct>, list_must<Arg, Comma>, must<Close>>> {};  // [71]
struct BoundArg : Var {};
struct BoundArgs : seq<CallOpen, must<BoundArg>, must<Close>> {};

// A built-in call: the keyword then its arguments; the action names the call after it.
template <typename Kw, typename Args> struct Builtin : if_must<Kw, Args> {};
// [127] Aggregate
struct Star : p<'*'> {};
struct Separator : String {};
struct CountArgs : seq<CallOpen, opt<Distinct>, must<sor<Star, Arg>>, must<Close>> {};
struct AggArgs : seq<CallOpen, opt<Distinct>, must<Arg>, must<Close>> {};
struct GroupConcatArgs : seq<CallOpen, opt<Distinct>, must<Arg>,
                             opt<p<';'>, must<kw<"SEPARATOR">>, must<p<'='>>, must<Separator>>, must<Close>> {};
template <syntax::KeywordText K> struct AggKw : kw<K> {};  // checks where aggregates may be
template <typename Kw, typename Args> struct Aggregate : if_must<Kw, Args> {};
struct AggregateCall : sor<Aggregate<AggKw<"COUNT">, CountArgs>, Aggregate<AggKw<"SUM">, AggArgs>,
                           Aggregate<AggKw<"MIN">, AggArgs>, Aggregate<AggKw<"MAX">, AggArgs>,
                           Aggregate<AggKw<"AVG">, AggArgs>, Aggregate<AggKw<"SAMPLE">, AggArgs>,
                           Aggregate<AggKw<"GROUP_CONCAT">, GroupConcatArgs>> {};

struct ExistsFunc : if_must<kw<"EXISTS">, GroupGraphPattern> {};                        // [125]
struct NotExistsFunc : if_must<seq<kw<"NOT">, kw<"EXISTS">>, GroupGraphPattern> {};     // [126]

// [121] BuiltInCall, with SPARQL 1.2's LANGDIR, STRLANGDIR, hasLANG, hasLANGDIR, isTRIPLE,
// TRIPLE, SUBJECT, PREDICATE, OBJECT. Longer names that share a start come first only for
// readability: a keyword never matches the start of a longer name.
struct BuiltInCall : sor<
    AggregateCall,
    Builtin<kw<"STR">, Args1>, Builtin<kw<"LANG">, Args1>, Builtin<kw<"LANGMATCHES">, Args2>,
    Builtin<kw<"LANGDIR">, Args1>, Builtin<kw<"DATATYPE">, Args1>, Builtin<kw<"BOUND">, BoundArgs>,
    Builtin<kw<"IRI">, Args1>, Builtin<kw<"URI">, Args1>, Builtin<kw<"BNODE">, sor<EmptyArgs, Args1>>,
    Builtin<kw<"RAND">, EmptyArgs>, Builtin<kw<"ABS">, Args1>, Builtin<kw<"CEIL">, Args1>,
    Builtin<kw<"FLOOR">, Args1>, Builtin<kw<"ROUND">, Args1>, Builtin<kw<"CONCAT">, ExpressionList>,
    Builtin<kw<"SUBSTR">, Args2or3>, Builtin<kw<"STRLEN">, Args1>, Builtin<kw<"REPLACE">, Args3or4>,
    Builtin<kw<"UCASE">, Args1>, Builtin<kw<"LCASE">, Args1>, Builtin<kw<"ENCODE_FOR_URI">, Args1>,
    Builtin<kw<"CONTAINS">, Args2>, Builtin<kw<"STRSTARTS">, Args2>, Builtin<kw<"STRENDS">, Args2>,
    Builtin<kw<"STRBEFORE">, Args2>, Builtin<kw<"STRAFTER">, Args2>, Builtin<kw<"YEAR">, Args1>,
    Builtin<kw<"MONTH">, Args1>, Builtin<kw<"DAY">, Args1>, Builtin<kw<"HOURS">, Args1>,
    Builtin<kw<"MINUTES">, Args1>, Builtin<kw<"SECONDS">, Args1>, Builtin<kw<"TIMEZONE">, Args1>,
    Builtin<kw<"TZ">, Args1>, Builtin<kw<"NOW">, EmptyArgs>, Builtin<kw<"UUID">, EmptyArgs>,
    Builtin<kw<"STRUUID">, EmptyArgs>, Builtin<kw<"MD5">, Args1>, Builtin<kw<"SHA1">, Args1>,
    Builtin<kw<"SHA256">, Args1>, Builtin<kw<"SHA384">, Args1>, Builtin<kw<"SHA512">, Args1>,
    Builtin<kw<"COALESCE">, ExpressionList>, Builtin<kw<"IF">, Args3>, Builtin<kw<"STRLANG">, Args2>,
    Builtin<kw<"STRLANGDIR">, Args3>, Builtin<kw<"STRDT">, Args2>, Builtin<kw<"SAMETERM">, Args2>,
    Builtin<kw<"ISIRI">, Args1>, Builtin<kw<"ISURI">, Args1>, Builtin<kw<"ISBLANK">, Args1>,
    Builtin<kw<"ISLITERAL">, Args1>, Builtin<kw<"ISNUMERIC">, Args1>, Builtin<kw<"HASLANG">, Args1>,
    Builtin<kw<"HASLANGDIR">, Args1>, Builtin<kw<"ISTRIPLE">, Args1>, Builtin<kw<"TRIPLE">, Args3>,
    Builtin<kw<"SUBJECT">, Args1>, Builtin<kw<"PREDICATE">, Args1>, Builtin<kw<"OBJECT">, Args1>,
    Builtin<kw<"REGEX">, Args2or3>, ExistsFunc, NotExistsFunc> {};

// SPARQL 1.2 ExprTripleTerm ::= '<<(' ExprTripleTermSubject Verb ExprTripleTermObject ')>>'
struct TTOpen : p<'<', '<', '('> {};
struct TTClose : p<')', '>', '>'> {};
struct ExprTripleTerm;
struct ExprTripleTermSubject : sor<iri, Var> {};
struct ExprTripleTermObject : sor<iri, RDFLiteral, NumericLiteral, BooleanLiteral, Var, ExprTripleTerm> {};
struct TTVerb : sor<Var, iri, KwA> {};
struct ExprTripleTerm : if_must<TTOpen, ExprTripleTermSubject, TTVerb, ExprTripleTermObject, TTClose> {};

struct FunctionArgs : ArgList {};
struct IriExpr : iri {};
struct iriOrFunction : seq<IriExpr, opt<FunctionArgs>> {};                             // [128]
struct BrackettedOpen : p<'('> {};
struct BrackettedExpression : if_must<BrackettedOpen, Expression, Close> {};         // [120]
struct ExprNode : sor<RDFLiteral, NumericLiteral, BooleanLiteral, Var, ExprTripleTerm> {};
struct PrimaryExpression : sor<BrackettedExpression, BuiltInCall, iriOrFunction, ExprNode> {};  // [119]
// SPARQL 1.2 lets unary operators repeat ("!!?x"): '!' UnaryExpression. Each one counts
// as a level of nesting.
struct UnaryExpression;
struct NotOp : seq<one<'!'>, not_at<one<'='>>, ws> {};
struct PlusOp : p<'+'> {};
struct MinusOp : p<'-'> {};
struct UnaryNot : if_must<NotOp, UnaryExpression> {};
struct UnaryPlus : if_must<PlusOp, UnaryExpression> {};
struct UnaryMinus : if_must<MinusOp, UnaryExpression> {};
struct UnaryExpression : sor<UnaryNot, UnaryPlus, UnaryMinus, PrimaryExpression> {};  // [118]
struct MulTail : if_must<p<'*'>, UnaryExpression> {};
struct DivTail : if_must<p<'/'>, UnaryExpression> {};
struct MultiplicativeExpression : seq<UnaryExpression, star<sor<MulTail, DivTail>>> {};  // [117]
// [116] The NumericLiteralPositive/Negative branch ("?x +1" read as "?x" "+1") reads the
// same as '+' or '-' followed by the literal, which is how it is parsed here.
struct AddTail : if_must<p<'+'>, MultiplicativeExpression> {};
struct SubTail : if_must<p<'-'>, MultiplicativeExpression> {};
struct AdditiveExpression : seq<MultiplicativeExpression, star<sor<AddTail, SubTail>>> {};
struct NumericExpression : AdditiveExpression {};                                    // [115]
template <typename Op> struct Compare : if_must<Op, NumericExpression> {};
// A whole IRIREF ahead: then '<' is not less-than (§19.8 longest token: "?x<?a&&?b>?y" holds
// the IRI <?a&&?b>). Looks without consuming.
struct IriRefAhead : syntax::Terminal<IriRefAhead> {
  template <typename In, typename B>
  static bool scan(In& in, B&) {
    syntax::Scan s(in);
    if (s.at(0) != '<') return false;
    for (std::size_t k = 1;; ++k) {
      int c = s.at(k);
      if (c == '>') return true;
      if (c < 0 || (c < 0x80 && !iri_plain(static_cast<unsigned char>(c)))) return false;
    }
  }
};
struct InTail : if_must<kw<"IN">, ExpressionList> {};
struct NotInTail : if_must<seq<kw<"NOT">, kw<"IN">>, ExpressionList> {};
struct RelationalExpression : seq<NumericExpression, opt<sor<                         // [114]
    Compare<p<'='>>, Compare<p<'!', '='>>, Compare<p<'<', '='>>, Compare<p<'>', '='>>,
    Compare<seq<not_at<IriRefAhead>, one<'<'>, ws>>, Compare<p<'>'>>, InTail, NotInTail>>> {};
struct ValueLogical : RelationalExpression {};                                       // [113]
struct AndTail : if_must<p<'&', '&'>, ValueLogical> {};
struct ConditionalAndExpression : seq<ValueLogical, star<AndTail>> {};              // [112]
struct OrTail : if_must<p<'|', '|'>, ConditionalAndExpression> {};
struct ConditionalOrExpression : seq<ConditionalAndExpression, star<OrTail>> {};    // [111]
struct Expression : ConditionalOrExpression {};                                      // [110]
struct Arg : Expression {};

struct FunctionCall : seq<IriExpr, FunctionArgs> {};                                 // [70]
struct Constraint : sor<BrackettedExpression, BuiltInCall, FunctionCall> {};         // [69]

// --- property paths [88]-[96] -----------------------------------------------------------------
struct Path;
struct PathIri : sor<iri, KwA> {};
struct PathNegOne : PathIri {};
struct PathNegInverse : if_must<p<'^'>, PathIri> {};
struct PathOneInPropertySet : sor<PathNegInverse, PathNegOne> {};                    // [96]
struct PathNegOpen : p<'('> {};
struct PathNegatedPropertySet : sor<PathOneInPropertySet,                            // [95]
    if_must<PathNegOpen, opt<list_must<PathOneInPropertySet, p<'|'>>>, Close>> {};
struct PathBang : p<'!'> {};
struct PathNegated : if_must<PathBang, PathNegatedPropertySet> {};
struct PathOpen : p<'('> {};
struct PathGroup : if_must<PathOpen, Path, Close> {};
struct PathPrimary : sor<PathIri, PathNegated, PathGroup> {};                        // [94]
// The first character of a VARNAME, looked at without being consumed.
struct VarNameStart : syntax::Terminal<VarNameStart> {
  template <typename In, typename B>
  static bool scan(In& in, B&) {
    syntax::Scan s(in);
    int c = s.at(0);
    return c >= 0x80 || c == '_' || (c >= 0 && (lex::is_alpha(static_cast<char>(c)) || lex::is_digit(static_cast<char>(c))));
  }
};
// [93] PathMod: '?' is a modifier only when no variable name follows: "?x" is a variable
// (the spec's tokenizer reads the longest token).
struct PathMod : sor<seq<one<'?'>, not_at<VarNameStart>, ws>, p<'*'>, seq<one<'+'>, ws>> {};
struct PathElt : seq<PathPrimary, opt<PathMod>> {};                                 // [91]
struct PathInverse : if_must<p<'^'>, PathElt> {};
struct PathEltOrInverse : sor<PathInverse, PathElt> {};                              // [92]
struct PathSeqTail : if_must<p<'/'>, PathEltOrInverse> {};
struct PathSequence : seq<PathEltOrInverse, star<PathSeqTail>> {};                   // [90]
struct PathAltTail : if_must<seq<one<'|'>, not_at<one<'|', '}'>>, ws>, PathSequence> {};
struct PathAlternative : seq<PathSequence, star<PathAltTail>> {};                    // [89]
struct Path : PathAlternative {};                                                    // [88]

// --- triples [75]-[107] and SPARQL 1.2's triple terms, reified triples, annotations ------------
struct TriplesNode;
struct ReifiedTriple;
struct TripleTerm;
struct GraphNode;
struct PropertyListNotEmpty;

struct GraphTerm : sor<iri, RDFLiteral, NumericLiteral, BooleanLiteral, BlankNode, NIL, TripleTerm> {};  // [109]
struct VarOrTerm : sor<Var, GraphTerm> {};                                           // [106]
struct VarOrIri : sor<Var, iri> {};                                                  // [107]

// TripleTerm ::= '<<(' TripleTermSubject Verb TripleTermObject ')>>'
struct TripleTermSubject : sor<Var, iri, BlankNode, TripleTerm> {};
struct TripleTermObject : sor<Var, iri, RDFLiteral, NumericLiteral, BooleanLiteral, BlankNode, TripleTerm> {};
struct TripleTerm : if_must<TTOpen, TripleTermSubject, TTVerb, TripleTermObject, TTClose> {};
// ReifiedTriple ::= '<<' ReifiedTripleSubject Verb ReifiedTripleObject Reifier? '>>'
struct RTOpen : seq<pegtl::two<'<'>, not_at<one<'('>>, ws> {};
struct RTClose : p<'>', '>'> {};
struct ReifiedTripleSubject : sor<Var, iri, BlankNode, ReifiedTriple, TripleTerm> {};
struct ReifiedTripleObject : sor<Var, iri, RDFLiteral, NumericLiteral, BooleanLiteral, BlankNode,
                                 ReifiedTriple, TripleTerm> {};
struct RTReifierId : sor<Var, iri, BlankNode> {};
struct RTFreshReifier : success {};
struct RTReifier : sor<if_must<p<'~'>, sor<RTReifierId, RTFreshReifier>>, RTFreshReifier> {};
struct ReifiedTriple : if_must<RTOpen, ReifiedTripleSubject, TTVerb, ReifiedTripleObject, RTReifier, RTClose> {};

// Annotation ::= ( Reifier | AnnotationBlock )*; Reifier ::= '~' VarOrReifierId?
struct ReifierId : sor<Var, iri, BlankNode> {};
struct ReifierFresh : success {};
struct Reifier : if_must<p<'~'>, sor<ReifierId, ReifierFresh>> {};
struct AnnotationOpen : p<'{', '|'> {};
struct AnnotationClose : p<'|', '}'> {};
struct AnnotationBlock : if_must<AnnotationOpen, PropertyListNotEmpty, AnnotationClose> {};
struct Annotation : star<sor<Reifier, AnnotationBlock>> {};

// [78]/[84]/[85] Verb: a path (one IRI or 'a' being the simple case) or a variable. Templates
// take the same rule and refuse paths in the action (Verb ::= VarOrIri | 'a').
struct VerbPath : Path {};
struct VerbSimple : Var {};
struct Verb : sor<VerbSimple, VerbPath> {};
struct Object;                                                                       // [80]/[87]
struct ObjectWithAnnotation : seq<Object, Annotation> {};
struct ObjectList : list_must<ObjectWithAnnotation, Comma> {};                      // [79]/[86]
struct Semicolon : p<';'> {};
struct PropertyListNotEmpty : seq<Verb, must<ObjectList>,                           // [77]/[83]
                                  star<Semicolon, opt<Verb, must<ObjectList>>>> {};

// [102]/[103] Collection ::= '(' GraphNode+ ')'; NIL is tried first (GraphTerm).
struct CollectionOpen : p<'('> {};
struct CollectionItem;  // a GraphNode
struct CollectionClose : p<')'> {};
struct Collection : if_must<CollectionOpen, CollectionItem, star<CollectionItem>, CollectionClose> {};
// [99]/[101] BlankNodePropertyList ::= '[' PropertyListNotEmpty ']'; ANON is tried first.
struct PlistOpen : p<'['> {};
struct PlistClose : p<']'> {};
struct BlankNodePropertyList : if_must<PlistOpen, PropertyListNotEmpty, PlistClose> {};
struct TriplesNode : sor<Collection, BlankNodePropertyList> {};                     // [98]/[100]
struct GraphNode : sor<VarOrTerm, TriplesNode, ReifiedTriple> {};                   // [104]/[105]
struct Object : GraphNode {};
struct CollectionItem : GraphNode {};

// [75]/[81] TriplesSameSubject(Path) ::= VarOrTerm PropertyListNotEmpty | TriplesNode PropertyList
//                                       | ReifiedTripleBlock
struct Subject : VarOrTerm {};
struct NodeSubject : TriplesNode {};
struct ReifiedSubject : ReifiedTriple {};
struct TriplesSameSubject : sor<seq<Subject, must<PropertyListNotEmpty>>,
                                seq<NodeSubject, opt<PropertyListNotEmpty>>,
                                seq<ReifiedSubject, opt<PropertyListNotEmpty>>> {};
struct Dot : p<'.'> {};
// [52]/[55]/[74] TriplesTemplate, TriplesBlock, ConstructTriples: triples separated by '.'.
struct TriplesBlock : seq<TriplesSameSubject, star<Dot, TriplesSameSubject>, opt<Dot>> {};

// --- graph patterns [53]-[68] ----------------------------------------------------------------
struct GroupOpen : p<'{'> {};
struct GroupClose : p<'}'> {};
struct SubSelect;
struct Filter : if_must<kw<"FILTER">, Constraint> {};                                // [68]
struct BindAs : Var {};
struct Bind : if_must<kw<"BIND">, p<'('>, Expression, kw<"AS">, BindAs, Close> {};  // [60]
// [61]-[65] VALUES
struct DataVar : Var {};
struct Undef : kw<"UNDEF"> {};
struct TripleTermData;
struct TripleTermDataSubject : iri {};
struct TripleTermDataObject : sor<iri, RDFLiteral, NumericLiteral, BooleanLiteral, TripleTermData> {};
struct TripleTermData : if_must<TTOpen, TripleTermDataSubject, sor<iri, KwA>, TripleTermDataObject, TTClose> {};
struct DataBlockValue : sor<iri, RDFLiteral, NumericLiteral, BooleanLiteral, Undef, TripleTermData> {};  // [65]
struct DataCell : DataBlockValue {};
struct RowOpen : p<'('> {};
struct RowClose : p<')'> {};
struct EmptyRow : seq<one<'('>, ws, one<')'>, ws> {};
struct DataRow : sor<EmptyRow, if_must<RowOpen, star<DataCell>, RowClose>> {};
struct OneVarRow : DataCell {};
struct DataOpen : p<'{'> {};
struct DataClose : p<'}'> {};
struct InlineDataOneVar : seq<DataVar, must<DataOpen>, star<OneVarRow>, must<DataClose>> {};  // [63]
struct VarsNil : seq<one<'('>, ws, one<')'>, ws> {};
struct VarsOpen : p<'('> {};
struct InlineDataFull : seq<sor<VarsNil, seq<VarsOpen, star<DataVar>, must<Close>>>,          // [64]
                            must<DataOpen>, star<DataRow>, must<DataClose>> {};
struct DataBlock : sor<InlineDataOneVar, InlineDataFull> {};                        // [62]
struct ValuesKeyword : kw<"VALUES"> {};
struct InlineData : if_must<ValuesKeyword, DataBlock> {};                          // [61]
struct OptionalGraphPattern : if_must<kw<"OPTIONAL">, GroupGraphPattern> {};       // [57]
struct MinusGraphPattern : if_must<kw<"MINUS">, GroupGraphPattern> {};             // [66]
struct GraphName : VarOrIri {};
struct GraphGraphPattern : if_must<kw<"GRAPH">, GraphName, GroupGraphPattern> {};  // [58]
struct Silent : kw<"SILENT"> {};
struct ServiceKeyword : kw<"SERVICE"> {};
struct ServiceGraphPattern : if_must<ServiceKeyword, opt<Silent>, GraphName, GroupGraphPattern> {};  // [59]
struct UnionTail : if_must<kw<"UNION">, GroupGraphPattern> {};
struct GroupOrUnionGraphPattern;
struct GraphPatternNotTriples : sor<GroupOrUnionGraphPattern, OptionalGraphPattern,  // [56]
    MinusGraphPattern, GraphGraphPattern, ServiceGraphPattern, Filter, Bind, InlineData> {};
struct GroupGraphPatternSub : seq<opt<TriplesBlock>,                                 // [54]
                                  star<GraphPatternNotTriples, opt<Dot>, opt<TriplesBlock>>> {};
struct GroupGraphPattern : if_must<GroupOpen, sor<SubSelect, GroupGraphPatternSub>, GroupClose> {};  // [53]
// The first group marks where the groups of this UNION start among the closed groups (a
// mark taken before it would stay behind when the rule fails).
struct UnionFirst : GroupGraphPattern {};
struct GroupOrUnionGraphPattern : seq<UnionFirst, star<UnionTail>> {};                 // [67]

// --- query forms and solution modifiers ---------------------------------------------------
struct ConstructTemplateOpen : p<'{'> {};
struct TemplateClose : p<'}'> {};
struct ConstructTemplate : if_must<ConstructTemplateOpen, opt<TriplesBlock>, TemplateClose> {};  // [73]
struct WhereClause : seq<opt<kw<"WHERE">>, must<GroupGraphPattern>> {};              // [17]
struct SourceSelector : iri {};                                                      // [16]
struct NamedGraphClause : if_must<kw<"NAMED">, SourceSelector> {};                   // [15]
struct DefaultGraphClause : SourceSelector {};                                      // [14]
struct DatasetClause : if_must<kw<"FROM">, sor<NamedGraphClause, DefaultGraphClause>> {};  // [13]

struct GroupAs : Var {};
struct GroupOpenParen : p<'('> {};
struct GroupExpr : if_must<GroupOpenParen, Expression, opt<kw<"AS">, must<GroupAs>>, Close> {};
struct GroupVar : Var {};
struct GroupCall : sor<BuiltInCall, FunctionCall> {};
struct GroupCondition : sor<GroupCall, GroupExpr, GroupVar> {};                      // [20]
struct GroupKeyword : seq<kw<"GROUP">, kw<"BY">> {};
struct GroupClause : if_must<GroupKeyword, GroupCondition, star<GroupCondition>> {};  // [19]
struct HavingCondition : Constraint {};                                              // [22]
struct HavingKeyword : kw<"HAVING"> {};
struct HavingClause : if_must<HavingKeyword, HavingCondition, star<HavingCondition>> {};  // [21]
struct Asc : kw<"ASC"> {};
struct Desc : kw<"DESC"> {};
struct OrderVar : Var {};
struct OrderCondition : sor<if_must<sor<Asc, Desc>, BrackettedExpression>, Constraint, OrderVar> {};  // [24]
struct OrderKeyword : seq<kw<"ORDER">, kw<"BY">> {};
struct OrderClause : if_must<OrderKeyword, OrderCondition, star<OrderCondition>> {};  // [23]
struct LimitValue : INTEGER {};
struct OffsetValue : INTEGER {};
struct LimitClause : if_must<kw<"LIMIT">, LimitValue> {};                           // [26]
struct OffsetClause : if_must<kw<"OFFSET">, OffsetValue> {};                        // [27]
struct LimitOffsetClauses : sor<seq<LimitClause, opt<OffsetClause>>,                 // [25]
                                seq<OffsetClause, opt<LimitClause>>> {};
// [18] SolutionModifier: the clauses open and close the contexts where aggregates may appear.
struct SolutionModifier : seq<opt<GroupClause>, opt<HavingClause>, opt<OrderClause>, opt<LimitOffsetClauses>> {};
struct TrailingValues : if_must<ValuesKeyword, DataBlock> {};
struct ValuesClause : opt<TrailingValues> {};                                            // [28]

struct SelectDistinct : kw<"DISTINCT"> {};
struct SelectReduced : kw<"REDUCED"> {};
struct SelectAll : p<'*'> {};
struct SelectVar : Var {};
struct SelectAs : Var {};
struct SelectOpen : p<'('> {};
struct SelectExpr : if_must<SelectOpen, Expression, kw<"AS">, SelectAs, Close> {};
struct SelectItems : sor<SelectAll, seq<sor<SelectVar, SelectExpr>, star<sor<SelectVar, SelectExpr>>>> {};
struct SelectKeyword : kw<"SELECT"> {};
struct SelectClause : if_must<SelectKeyword, opt<sor<SelectDistinct, SelectReduced>>, SelectItems> {};  // [9]
struct SubSelectEnd : success {};
struct SubSelect : seq<SelectClause, must<WhereClause>, SolutionModifier, ValuesClause, SubSelectEnd> {};  // [8]
struct SelectQuery : seq<SelectClause, star<DatasetClause>, must<WhereClause>, SolutionModifier> {};  // [7]
struct ConstructWhereOpen : p<'{'> {};
struct ConstructWhere : if_must<seq<kw<"WHERE">, ConstructWhereOpen>, opt<TriplesBlock>, GroupClose> {};
struct ConstructKeyword : kw<"CONSTRUCT"> {};
struct ConstructQuery : if_must<ConstructKeyword, sor<                                // [10]
    seq<ConstructTemplate, star<DatasetClause>, must<WhereClause>, SolutionModifier>,
    seq<star<DatasetClause>, must<ConstructWhere>, SolutionModifier>>> {};
struct DescribeAll : p<'*'> {};
struct DescribeItem : VarOrIri {};
struct DescribeWhere : sor<if_must<kw<"WHERE">, GroupGraphPattern>, GroupGraphPattern> {};
struct DescribeKeyword : kw<"DESCRIBE">{};
struct DescribeQuery : if_must<DescribeKeyword, sor<DescribeAll, plus<DescribeItem>>,  // [11]
                               star<DatasetClause>, opt<DescribeWhere>, SolutionModifier> {};
struct AskKeyword : kw<"ASK"> {};
struct AskQuery : if_must<AskKeyword, star<DatasetClause>, WhereClause, SolutionModifier> {};  // [12]

// [4]-[6] and SPARQL 1.2's VersionDecl.
struct PrefixIri : IRIREF {};
struct BaseIri : IRIREF {};
struct Version : seq<syntax::version_string, ws> {};
struct PrefixDecl : if_must<kw<"PREFIX">, PNAME_NS, PrefixIri> {};                  // [6]
struct BaseDecl : if_must<kw<"BASE">, BaseIri> {};                                  // [5]
struct VersionDecl : if_must<kw<"VERSION">, Version> {};
struct Prologue : star<sor<BaseDecl, PrefixDecl, VersionDecl>> {};                  // [4]
struct QueryForm : sor<SelectQuery, ConstructQuery, DescribeQuery, AskQuery> {};
// [2] Query ::= Prologue ( SelectQuery | ConstructQuery | DescribeQuery | AskQuery ) ValuesClause,
// with the temporal clause after the solution modifiers (docs/DESIGN.md) and before VALUES.
struct Query : seq<Prologue, must<QueryForm>, opt<TimeClause>, ValuesClause> {};
// Annals' extension: EXPLAIN [ANALYZE] before a query asks for its plan (parse_query takes it
// only when QueryParseOptions::explain says so).
struct ExplainAnalyze : kw<"ANALYZE"> {};
struct ExplainClause : seq<kw<"EXPLAIN">, opt<ExplainAnalyze>> {};
struct QueryUnit : seq<syntax::bom, ws, opt<ExplainClause>, Query, must<eof>> {};   // [1]

// --- SPARQL 1.1 Update [29]-[52] -------------------------------------------------------------
// Templates and DATA blocks read TriplesBlock with the builder in template mode (blank nodes
// stay blank nodes, no paths); the actions sort the triples into quads by GRAPH.
struct QuadsGraphName : VarOrIri {};
struct QuadsGraphOpen : p<'{'> {};
struct QuadsGraphClose : p<'}'> {};
struct QuadsNotTriples : if_must<kw<"GRAPH">, QuadsGraphName, QuadsGraphOpen, opt<TriplesBlock>, QuadsGraphClose> {};  // [51]
struct Quads : seq<opt<TriplesBlock>, star<QuadsNotTriples, opt<Dot>, opt<TriplesBlock>>> {};  // [50]
struct QuadsOpen : p<'{'> {};
struct QuadsClose : p<'}'> {};
struct QuadPattern : if_must<QuadsOpen, Quads, QuadsClose> {};                       // [48]/[49]

struct UpdateSilent : kw<"SILENT"> {};
struct GraphIri : iri {};
struct GraphRef : if_must<kw<"GRAPH">, GraphIri> {};                                  // [46]
struct TargetDefault : kw<"DEFAULT"> {};
struct TargetNamed : kw<"NAMED"> {};
struct TargetAll : kw<"ALL"> {};
struct GraphRefAll : sor<GraphRef, TargetDefault, TargetNamed, TargetAll> {};         // [47]
struct GraphOrDefault : sor<TargetDefault, seq<opt<kw<"GRAPH">>, GraphIri>> {};        // [45]

struct LoadKeyword : kw<"LOAD"> {};
struct LoadSource : iri {};
struct LoadInto : if_must<kw<"INTO">, GraphRef> {};
struct Load : if_must<LoadKeyword, opt<UpdateSilent>, LoadSource, opt<LoadInto>> {};  // [31]
struct ClearKeyword : kw<"CLEAR"> {};
struct Clear : if_must<ClearKeyword, opt<UpdateSilent>, GraphRefAll> {};              // [32]
struct DropKeyword : kw<"DROP"> {};
struct Drop : if_must<DropKeyword, opt<UpdateSilent>, GraphRefAll> {};                // [33]
struct CreateKeyword : kw<"CREATE"> {};
struct Create : if_must<CreateKeyword, opt<UpdateSilent>, GraphRef> {};               // [34]
struct AddKeyword : kw<"ADD"> {};
struct MoveKeyword : kw<"MOVE"> {};
struct CopyKeyword : kw<"COPY"> {};
template <typename Keyword>
struct GraphToGraph : if_must<Keyword, opt<UpdateSilent>, GraphOrDefault, kw<"TO">, GraphOrDefault> {};
struct Add : GraphToGraph<AddKeyword> {};                                              // [35]
struct Move : GraphToGraph<MoveKeyword> {};                                            // [36]
struct Copy : GraphToGraph<CopyKeyword> {};                                            // [37]
struct InsertDataKeyword : seq<kw<"INSERT">, kw<"DATA">> {};
struct DeleteDataKeyword : seq<kw<"DELETE">, kw<"DATA">> {};
struct DeleteWhereKeyword : seq<kw<"DELETE">, kw<"WHERE">> {};
struct InsertData : if_must<InsertDataKeyword, QuadPattern> {};                        // [38]
struct DeleteData : if_must<DeleteDataKeyword, QuadPattern> {};                        // [39]
struct DeleteWhere : if_must<DeleteWhereKeyword, QuadPattern> {};                      // [40]
struct DeleteKeyword : kw<"DELETE"> {};
struct InsertKeyword : kw<"INSERT"> {};
struct DeleteClause : if_must<DeleteKeyword, QuadPattern> {};                          // [42]
struct InsertClause : if_must<InsertKeyword, QuadPattern> {};                          // [43]
struct UsingIri : iri {};
struct UsingNamedIri : iri {};
struct UsingClause : if_must<kw<"USING">, sor<if_must<kw<"NAMED">, UsingNamedIri>, UsingIri>> {};  // [44]
struct WithIri : iri {};
struct ModifyStart : at<sor<kw<"WITH">, kw<"DELETE">, kw<"INSERT">>> {};
struct ModifyWhere : GroupGraphPattern {};
struct Modify : if_must<ModifyStart, opt<kw<"WITH">, must<WithIri>>,                   // [41]
                        sor<seq<DeleteClause, opt<InsertClause>>, InsertClause>,
                        star<UsingClause>, kw<"WHERE">, ModifyWhere> {};
struct Update1 : sor<Load, Clear, Drop, Add, Move, Copy, Create,                        // [30]
                     InsertData, DeleteData, DeleteWhere, Modify> {};
struct UpdateSeparator : p<';'> {};
struct Update : seq<Prologue, opt<Update1, opt<UpdateSeparator, Update>>> {};          // [29]
struct UpdateEnd : eof {};
struct UpdateUnit : seq<syntax::bom, ws, Update, must<UpdateEnd>> {};                  // [3]

}  // namespace annals::query::grammar
// clang-format on
