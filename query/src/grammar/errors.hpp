// What a syntax error says when a must<> point of the grammar fails: "expected ..." with
// one message per rule (STYLE.md §6). Punctuation and keywords name themselves; a rule
// with no message here is named by its production.
#pragma once

#include <string>

#include <tao/pegtl/demangle.hpp>

#include "grammar/grammar.hpp"

namespace annals::query::grammar {

template <typename Rule>
inline constexpr const char* kExpected = nullptr;

// clang-format off
template <> inline constexpr const char* kExpected<Expression> = "an expression";
template <> inline constexpr const char* kExpected<Arg> = "an expression";
template <> inline constexpr const char* kExpected<PrimaryExpression> = "an expression";
template <> inline constexpr const char* kExpected<UnaryExpression> = "an expression";
template <> inline constexpr const char* kExpected<MultiplicativeExpression> = "an expression";
template <> inline constexpr const char* kExpected<NumericExpression> = "an expression";
template <> inline constexpr const char* kExpected<ValueLogical> = "an expression";
template <> inline constexpr const char* kExpected<ConditionalAndExpression> = "an expression";
template <> inline constexpr const char* kExpected<Close> = "')'";
template <> inline constexpr const char* kExpected<Comma> = "','";
template <> inline constexpr const char* kExpected<Args1> = "'(' and one argument";
template <> inline constexpr const char* kExpected<Args2> = "'(' and two arguments";
template <> inline constexpr const char* kExpected<Args3> = "'(' and three arguments";
template <> inline constexpr const char* kExpected<Args2or3> = "'(' and two or three arguments";
template <> inline constexpr const char* kExpected<Args3or4> = "'(' and three or four arguments";
template <> inline constexpr const char* kExpected<EmptyArgs> = "'()'";
template <> inline constexpr const char* kExpected<pegtl::sor<EmptyArgs, Args1>> = "'()' or '(' and one argument";
template <> inline constexpr const char* kExpected<ExpressionList> = "'(' and a list of expressions";
template <> inline constexpr const char* kExpected<BoundArgs> = "'(' and a variable";
template <> inline constexpr const char* kExpected<BoundArg> = "a variable";
template <> inline constexpr const char* kExpected<CountArgs> = "'(' and '*' or an expression";
template <> inline constexpr const char* kExpected<AggArgs> = "'(' and an expression";
template <> inline constexpr const char* kExpected<GroupConcatArgs> = "'(' and an expression";
template <> inline constexpr const char* kExpected<pegtl::sor<Star, Arg>> = "'*' or an expression";
template <> inline constexpr const char* kExpected<Separator> = "a string";
template <> inline constexpr const char* kExpected<GroupGraphPattern> = "'{' to open a group pattern";
template <> inline constexpr const char* kExpected<GroupClose> = "'}' to close the group (or a triple, FILTER, OPTIONAL, ...)";
template <> inline constexpr const char* kExpected<TemplateClose> = "'}' to close the template (or a triple)";
template <> inline constexpr const char* kExpected<ExprTripleTermSubject> = "an IRI or a variable as the triple term's subject";
template <> inline constexpr const char* kExpected<TTVerb> = "a predicate (an IRI, 'a' or a variable)";
template <> inline constexpr const char* kExpected<ExprTripleTermObject> = "an IRI, literal, variable or triple term as the triple term's object";
template <> inline constexpr const char* kExpected<TTClose> = "')>>' to close the triple term";
template <> inline constexpr const char* kExpected<TripleTermSubject> = "an IRI, blank node or variable as the triple term's subject";
template <> inline constexpr const char* kExpected<TripleTermObject> = "an IRI, blank node, literal, variable or triple term as the triple term's object";
template <> inline constexpr const char* kExpected<ReifiedTripleSubject> = "an IRI, blank node, variable or reified triple as the subject";
template <> inline constexpr const char* kExpected<ReifiedTripleObject> = "an object (not a collection or '[ ... ]') in the reified triple";
template <> inline constexpr const char* kExpected<RTReifier> = "'~' and a reifier, or '>>'";
template <> inline constexpr const char* kExpected<RTClose> = "'>>' to close the reified triple";
template <> inline constexpr const char* kExpected<AnnotationClose> = "'|}' to close the annotation";
template <> inline constexpr const char* kExpected<PropertyListNotEmpty> = "a predicate";
template <> inline constexpr const char* kExpected<ObjectList> = "an object";
template <> inline constexpr const char* kExpected<ObjectWithAnnotation> = "an object";
template <> inline constexpr const char* kExpected<CollectionItem> = "an item of the collection";
template <> inline constexpr const char* kExpected<CollectionClose> = "an item or ')' to close the collection";
template <> inline constexpr const char* kExpected<PlistClose> = "';' or ']' to close the blank node";
template <> inline constexpr const char* kExpected<PathIri> = "an IRI or 'a'";
template <> inline constexpr const char* kExpected<PathNegatedPropertySet> = "an IRI, 'a', '^' or '(' after '!'";
template <> inline constexpr const char* kExpected<PathOneInPropertySet> = "an IRI, 'a' or '^'";
template <> inline constexpr const char* kExpected<Path> = "a property path";
template <> inline constexpr const char* kExpected<PathElt> = "a property path";
template <> inline constexpr const char* kExpected<PathEltOrInverse> = "a property path";
template <> inline constexpr const char* kExpected<PathSequence> = "a property path";
template <> inline constexpr const char* kExpected<Constraint> = "'(' and an expression, or a function call";
template <> inline constexpr const char* kExpected<HavingCondition> = "'(' and an expression, or a function call";
template <> inline constexpr const char* kExpected<GroupCondition> = "a variable, '(' and an expression, or a function call";
template <> inline constexpr const char* kExpected<OrderCondition> = "a variable, ASC(...), DESC(...), '(' and an expression, or a function call";
template <> inline constexpr const char* kExpected<BrackettedExpression> = "'(' and an expression";
template <> inline constexpr const char* kExpected<BindAs> = "a variable after AS";
template <> inline constexpr const char* kExpected<SelectAs> = "a variable after AS";
template <> inline constexpr const char* kExpected<GroupAs> = "a variable after AS";
template <> inline constexpr const char* kExpected<DataOpen> = "'{' to open the VALUES data";
template <> inline constexpr const char* kExpected<DataClose> = "a value or '}' to close the VALUES data";
template <> inline constexpr const char* kExpected<RowClose> = "a value (an IRI, literal or UNDEF) or ')'";
template <> inline constexpr const char* kExpected<DataBlock> = "a variable or '(' and variables";
template <> inline constexpr const char* kExpected<TripleTermDataSubject> = "an IRI as the triple term's subject";
template <> inline constexpr const char* kExpected<pegtl::sor<iri, KwA>> = "an IRI or 'a'";
template <> inline constexpr const char* kExpected<TripleTermDataObject> = "an IRI, literal or triple term as the triple term's object";
template <> inline constexpr const char* kExpected<GraphName> = "an IRI or a variable naming the graph";
template <> inline constexpr const char* kExpected<WhereClause> = "WHERE or '{'";
template <> inline constexpr const char* kExpected<LimitValue> = "a whole number after LIMIT";
template <> inline constexpr const char* kExpected<OffsetValue> = "a whole number after OFFSET";
template <> inline constexpr const char* kExpected<SourceSelector> = "an IRI";
template <> inline constexpr const char* kExpected<pegtl::sor<NamedGraphClause, DefaultGraphClause>> = "an IRI or NAMED";
template <> inline constexpr const char* kExpected<SelectItems> = "variables, '(' and an expression, or '*'";
template <> inline constexpr const char* kExpected<ConstructWhere> = "WHERE '{'";
template <> inline constexpr const char* kExpected<pegtl::sor<DescribeAll, pegtl::plus<DescribeItem>>> = "'*', IRIs or variables";
template <> inline constexpr const char* kExpected<PNAME_NS> = "a prefix name ending in ':'";
template <> inline constexpr const char* kExpected<PrefixIri> = "an IRI in <...>";
template <> inline constexpr const char* kExpected<BaseIri> = "an IRI in <...>";
template <> inline constexpr const char* kExpected<Version> = "a version string";
template <> inline constexpr const char* kExpected<QueryForm> = "SELECT, CONSTRUCT, DESCRIBE or ASK";
template <> inline constexpr const char* kExpected<pegtl::eof> = "the end of the query";
template <> inline constexpr const char* kExpected<Datatype> = "a datatype IRI after '^^'";
template <> inline constexpr const char* kExpected<TimeDate> = "a date in quotes";
template <> inline constexpr const char* kExpected<TimeDateLast> = "a second date in quotes (VALID DURING \"from\" \"to\")";
template <> inline constexpr const char* kExpected<pegtl::sor<ValidAt, ValidDuring>> = "AT or DURING after VALID";
template <> inline constexpr const char* kExpected<TxNumber> = "a transaction number";
template <> inline constexpr const char* kExpected<AsOfWhat> = "TRANSACTION n or a timestamp in quotes after AS OF";
template <> inline constexpr const char* kExpected<UpdateEnd> = "an update operation after ';', or the end of the update";
template <> inline constexpr const char* kExpected<QuadsNotTriples> = "GRAPH";
template <> inline constexpr const char* kExpected<QuadsGraphName> = "an IRI or a variable naming the graph";
template <> inline constexpr const char* kExpected<QuadsClose> = "'}' to close the block (or a triple or GRAPH)";
template <> inline constexpr const char* kExpected<QuadsGraphClose> = "'}' to close the GRAPH block (or a triple)";
template <> inline constexpr const char* kExpected<QuadPattern> = "'{' to open a block of triples";
template <> inline constexpr const char* kExpected<GraphIri> = "an IRI naming the graph";
template <> inline constexpr const char* kExpected<GraphRef> = "GRAPH and an IRI";
template <> inline constexpr const char* kExpected<GraphRefAll> = "GRAPH <iri>, DEFAULT, NAMED or ALL";
template <> inline constexpr const char* kExpected<GraphOrDefault> = "DEFAULT or a graph IRI";
template <> inline constexpr const char* kExpected<LoadSource> = "the IRI of the document to load";
template <> inline constexpr const char* kExpected<WithIri> = "an IRI after WITH";
template <> inline constexpr const char* kExpected<UsingIri> = "an IRI after USING";
template <> inline constexpr const char* kExpected<UsingNamedIri> = "an IRI after USING NAMED";
template <> inline constexpr const char* kExpected<pegtl::sor<pegtl::seq<DeleteClause, pegtl::opt<InsertClause>>, InsertClause>> = "DELETE { ... } or INSERT { ... }";
template <> inline constexpr const char* kExpected<ModifyWhere> = "'{' to open the WHERE pattern";
// clang-format on

// Tokens name themselves.
template <typename Rule>
struct Expected {
  static std::string text() {
    if (kExpected<Rule>) return kExpected<Rule>;
    // A production without a message: its name (rules are named as in the spec).
    std::string name(pegtl::demangle<Rule>());
    std::size_t colon = name.rfind("::");
    return colon == std::string::npos ? name : name.substr(colon + 2);
  }
};
template <char... Cs>
struct Expected<p<Cs...>> {
  static std::string text() { return std::string("'") + std::string({Cs...}) + "'"; }
};
template <syntax::KeywordText K>
struct Expected<kw<K>> {
  static std::string text() { return std::string(kw<K>::name()); }
};

}  // namespace annals::query::grammar
