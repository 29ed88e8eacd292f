PREFIX : <https://annals.dev/demo/>
PREFIX annals: <https://annals.dev/ns#>
INSERT DATA { GRAPH :g { :a :p "x" {| annals:validFrom "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> |} } } ;
WITH :g DELETE { ?s :p ?o } INSERT { ?s :q STRLEN(?o) } USING :g WHERE { ?s :p ?o } ;
DELETE WHERE { ?s :q ?o } ; CLEAR SILENT GRAPH :g ; COPY DEFAULT TO :h ; MOVE :h TO :i ;
ADD :i TO DEFAULT ; DROP ALL ; CREATE GRAPH :j ; LOAD SILENT <file:///nonexistent> INTO GRAPH :k
