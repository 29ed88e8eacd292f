// The grammar's actions, declared here so that PEGTL's templates are instantiated in one
// translation unit (parser.cpp) while the actions' bodies live in .cpp files by area:
// actions_update.cpp (SPARQL Update), actions_prologue.cpp (prologue, query forms, solution modifiers, VALUES, the temporal
// clause), actions_patterns.cpp (groups, triples, paths), actions_expressions.cpp.
// Each action first records where its rule matched, for messages.
#pragma once

#include "grammar/builder.hpp"
#include "grammar/grammar.hpp"

namespace annals::query::grammar {

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

// An action whose body, run(Builder&), is defined in one of the actions_*.cpp files.
#define ANNALS_QUERY_ACTION(Rule)                                        \
  template <>                                                            \
  struct action<Rule> {                                                  \
    template <typename ActionInput>                                      \
    static void apply(const ActionInput& in, Builder& b) {               \
      b.here = in.begin();                                               \
      b.here_end = in.end();                                             \
      run(b);                                                            \
    }                                                                    \
    static void run(Builder& b);                                         \
  }

// Prologue, query forms, solution modifiers, VALUES, temporal clause (actions_prologue.cpp).
ANNALS_QUERY_ACTION(PrefixDecl);
ANNALS_QUERY_ACTION(BaseDecl);
ANNALS_QUERY_ACTION(VersionDecl);
ANNALS_QUERY_ACTION(SelectKeyword);
ANNALS_QUERY_ACTION(SelectDistinct);
ANNALS_QUERY_ACTION(SelectReduced);
ANNALS_QUERY_ACTION(SelectAll);
ANNALS_QUERY_ACTION(SelectVar);
ANNALS_QUERY_ACTION(SelectOpen);
ANNALS_QUERY_ACTION(SelectExpr);
ANNALS_QUERY_ACTION(SelectClause);
ANNALS_QUERY_ACTION(SubSelectEnd);
ANNALS_QUERY_ACTION(DefaultGraphClause);
ANNALS_QUERY_ACTION(NamedGraphClause);
ANNALS_QUERY_ACTION(WhereClause);
ANNALS_QUERY_ACTION(DescribeWhere);
ANNALS_QUERY_ACTION(ConstructKeyword);
ANNALS_QUERY_ACTION(ConstructTemplateOpen);
ANNALS_QUERY_ACTION(TemplateClose);
ANNALS_QUERY_ACTION(ConstructWhereOpen);
ANNALS_QUERY_ACTION(ConstructWhere);
ANNALS_QUERY_ACTION(DescribeKeyword);
ANNALS_QUERY_ACTION(DescribeAll);
ANNALS_QUERY_ACTION(DescribeItem);
ANNALS_QUERY_ACTION(AskKeyword);
ANNALS_QUERY_ACTION(GroupKeyword);
ANNALS_QUERY_ACTION(GroupCall);
ANNALS_QUERY_ACTION(GroupOpenParen);
ANNALS_QUERY_ACTION(GroupAs);
ANNALS_QUERY_ACTION(GroupExpr);
ANNALS_QUERY_ACTION(GroupVar);
ANNALS_QUERY_ACTION(HavingKeyword);
ANNALS_QUERY_ACTION(HavingCondition);
ANNALS_QUERY_ACTION(HavingClause);
ANNALS_QUERY_ACTION(OrderKeyword);
ANNALS_QUERY_ACTION(Asc);
ANNALS_QUERY_ACTION(Desc);
ANNALS_QUERY_ACTION(OrderVar);
ANNALS_QUERY_ACTION(OrderCondition);
ANNALS_QUERY_ACTION(OrderClause);
ANNALS_QUERY_ACTION(LimitValue);
ANNALS_QUERY_ACTION(OffsetValue);
ANNALS_QUERY_ACTION(ValuesKeyword);
ANNALS_QUERY_ACTION(DataVar);
ANNALS_QUERY_ACTION(Undef);
ANNALS_QUERY_ACTION(DataCell);
ANNALS_QUERY_ACTION(OneVarRow);
ANNALS_QUERY_ACTION(EmptyRow);
ANNALS_QUERY_ACTION(RowOpen);
ANNALS_QUERY_ACTION(RowClose);
ANNALS_QUERY_ACTION(TripleTermData);
ANNALS_QUERY_ACTION(InlineData);
ANNALS_QUERY_ACTION(TrailingValues);
ANNALS_QUERY_ACTION(TimeDate);
ANNALS_QUERY_ACTION(TimeDateLast);
ANNALS_QUERY_ACTION(ValidAt);
ANNALS_QUERY_ACTION(ValidDuring);
ANNALS_QUERY_ACTION(TxNumber);
ANNALS_QUERY_ACTION(TimeStamp);
ANNALS_QUERY_ACTION(ExplainAnalyze);
ANNALS_QUERY_ACTION(ExplainClause);

// Groups, triples and paths (actions_patterns.cpp).
ANNALS_QUERY_ACTION(GroupOpen);
ANNALS_QUERY_ACTION(GroupClose);
ANNALS_QUERY_ACTION(UnionFirst);
ANNALS_QUERY_ACTION(GroupOrUnionGraphPattern);
ANNALS_QUERY_ACTION(OptionalGraphPattern);
ANNALS_QUERY_ACTION(MinusGraphPattern);
ANNALS_QUERY_ACTION(GraphGraphPattern);
ANNALS_QUERY_ACTION(ServiceKeyword);
ANNALS_QUERY_ACTION(Silent);
ANNALS_QUERY_ACTION(ServiceGraphPattern);
ANNALS_QUERY_ACTION(Filter);
ANNALS_QUERY_ACTION(Bind);
ANNALS_QUERY_ACTION(Subject);
ANNALS_QUERY_ACTION(NodeSubject);
ANNALS_QUERY_ACTION(ReifiedSubject);
ANNALS_QUERY_ACTION(TriplesSameSubject);
ANNALS_QUERY_ACTION(VerbPath);
ANNALS_QUERY_ACTION(VerbSimple);
ANNALS_QUERY_ACTION(Object);
ANNALS_QUERY_ACTION(ReifierId);
ANNALS_QUERY_ACTION(ReifierFresh);
ANNALS_QUERY_ACTION(AnnotationOpen);
ANNALS_QUERY_ACTION(AnnotationBlock);
ANNALS_QUERY_ACTION(CollectionOpen);
ANNALS_QUERY_ACTION(CollectionItem);
ANNALS_QUERY_ACTION(CollectionClose);
ANNALS_QUERY_ACTION(PlistOpen);
ANNALS_QUERY_ACTION(PlistClose);
ANNALS_QUERY_ACTION(BlankNodePropertyList);
ANNALS_QUERY_ACTION(ANON);
ANNALS_QUERY_ACTION(NIL);
ANNALS_QUERY_ACTION(KwA);
ANNALS_QUERY_ACTION(Datatype);
ANNALS_QUERY_ACTION(BooleanLiteral);
ANNALS_QUERY_ACTION(TTOpen);
ANNALS_QUERY_ACTION(TripleTerm);
ANNALS_QUERY_ACTION(RTOpen);
ANNALS_QUERY_ACTION(RTFreshReifier);
ANNALS_QUERY_ACTION(ReifiedTriple);
ANNALS_QUERY_ACTION(PathIri);
ANNALS_QUERY_ACTION(PathNegOne);
ANNALS_QUERY_ACTION(PathNegInverse);
ANNALS_QUERY_ACTION(PathBang);
ANNALS_QUERY_ACTION(PathNegated);
ANNALS_QUERY_ACTION(PathOpen);
ANNALS_QUERY_ACTION(PathGroup);
ANNALS_QUERY_ACTION(PathMod);
ANNALS_QUERY_ACTION(PathInverse);
ANNALS_QUERY_ACTION(PathSeqTail);
ANNALS_QUERY_ACTION(PathAltTail);

// Expressions (actions_expressions.cpp).
ANNALS_QUERY_ACTION(ExprNode);
ANNALS_QUERY_ACTION(ExprTripleTerm);
ANNALS_QUERY_ACTION(IriExpr);
ANNALS_QUERY_ACTION(FunctionArgs);
ANNALS_QUERY_ACTION(CallOpen);
ANNALS_QUERY_ACTION(EmptyArgs);
ANNALS_QUERY_ACTION(Distinct);
ANNALS_QUERY_ACTION(Separator);
ANNALS_QUERY_ACTION(BoundArg);
ANNALS_QUERY_ACTION(ExistsFunc);
ANNALS_QUERY_ACTION(NotExistsFunc);
ANNALS_QUERY_ACTION(BrackettedOpen);
ANNALS_QUERY_ACTION(BrackettedExpression);
ANNALS_QUERY_ACTION(NotOp);
ANNALS_QUERY_ACTION(PlusOp);
ANNALS_QUERY_ACTION(MinusOp);
ANNALS_QUERY_ACTION(UnaryNot);
ANNALS_QUERY_ACTION(UnaryPlus);
ANNALS_QUERY_ACTION(UnaryMinus);
ANNALS_QUERY_ACTION(MulTail);
ANNALS_QUERY_ACTION(DivTail);
ANNALS_QUERY_ACTION(AddTail);
ANNALS_QUERY_ACTION(SubTail);
ANNALS_QUERY_ACTION(InTail);
ANNALS_QUERY_ACTION(NotInTail);
ANNALS_QUERY_ACTION(AndTail);
ANNALS_QUERY_ACTION(OrTail);

// SPARQL 1.1 Update (actions_update.cpp).
ANNALS_QUERY_ACTION(LoadKeyword);
ANNALS_QUERY_ACTION(ClearKeyword);
ANNALS_QUERY_ACTION(DropKeyword);
ANNALS_QUERY_ACTION(CreateKeyword);
ANNALS_QUERY_ACTION(AddKeyword);
ANNALS_QUERY_ACTION(MoveKeyword);
ANNALS_QUERY_ACTION(CopyKeyword);
ANNALS_QUERY_ACTION(InsertDataKeyword);
ANNALS_QUERY_ACTION(DeleteDataKeyword);
ANNALS_QUERY_ACTION(DeleteWhereKeyword);
ANNALS_QUERY_ACTION(DeleteWhere);
ANNALS_QUERY_ACTION(ModifyStart);
ANNALS_QUERY_ACTION(DeleteKeyword);
ANNALS_QUERY_ACTION(InsertKeyword);
ANNALS_QUERY_ACTION(QuadsGraphName);
ANNALS_QUERY_ACTION(QuadsGraphClose);
ANNALS_QUERY_ACTION(QuadsClose);
ANNALS_QUERY_ACTION(UpdateSilent);
ANNALS_QUERY_ACTION(GraphIri);
ANNALS_QUERY_ACTION(TargetDefault);
ANNALS_QUERY_ACTION(TargetNamed);
ANNALS_QUERY_ACTION(TargetAll);
ANNALS_QUERY_ACTION(LoadSource);
ANNALS_QUERY_ACTION(WithIri);
ANNALS_QUERY_ACTION(UsingIri);
ANNALS_QUERY_ACTION(UsingNamedIri);
ANNALS_QUERY_ACTION(ModifyWhere);

#undef ANNALS_QUERY_ACTION

// Actions of the rule templates: the keyword names the call, the operator the comparison.
template <typename Kw, typename Args>
struct action<Builtin<Kw, Args>> {
  static void apply0(Builder& b) { b.builtin(Kw::name()); }
};
template <syntax::KeywordText K>
struct action<AggKw<K>> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    b.here = in.begin();
    b.here_end = in.end();
    b.begin_aggregate();
  }
};
template <typename Kw, typename Args>
struct action<Aggregate<Kw, Args>> {
  static void apply0(Builder& b) { b.aggregate(Kw::name()); }
};
template <typename Op>
struct action<Compare<Op>> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, Builder& b) {
    // The operator is the text's first one or two characters: = != < > <= >=.
    std::string_view t(in.begin(), in.size());
    std::size_t n = t.size() > 1 && t[1] == '=' ? 2 : 1;
    b.binary(std::string(t.substr(0, n)));
  }
};

}  // namespace annals::query::grammar
