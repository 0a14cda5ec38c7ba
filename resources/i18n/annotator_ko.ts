<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>Recent &amp;projects</source>
        <translation>최근 프로젝트(&amp;P)</translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>(no other project opened yet)</source>
        <translation>(아직 연 다른 프로젝트가 없습니다)</translation>
    </message>
    <message>
        <source>&amp;Clear the list</source>
        <translation>목록 지우기(&amp;C)</translation>
    </message>
    <message>
        <source>1 machine suggestion</source>
        <translation>기계 제안 1개</translation>
    </message>
    <message>
        <source>%n machine suggestions</source>
        <translation>기계 제안 %n개</translation>
    </message>
    <message>
        <source>(with %1)</source>
        <translation>(%1 포함)</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>The search index is damaged: searches read every document until it is rebuilt (now, in the background)</source>
        <translation>검색 색인이 손상되었습니다. 다시 만들어질 때까지(지금 백그라운드에서 진행) 검색은 모든 문서를 읽습니다</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>프로젝트 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>Import &amp;folder…</source>
        <translation>폴더 가져오기(&amp;F)…</translation>
    </message>
    <message>
        <source>Import &amp;adds labels the scheme lacks</source>
        <translation>가져올 때 체계에 없는 레이블 추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Excel &amp;report…</source>
        <translation>엑셀 보고서(&amp;R)…</translation>
    </message>
    <message>
        <source>Change &amp;reviewer…</source>
        <translation>검토자 변경(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>실행 취소함: %1</translation>
    </message>
    <message>
        <source>Redone: %1</source>
        <translation>다시 실행함: %1</translation>
    </message>
    <message>
        <source>&amp;Find in documents</source>
        <translation>문서 검색(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Label scheme…</source>
        <translation>레이블 체계(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Canonical entities…</source>
        <translation>대표 개체(&amp;C)…</translation>
    </message>
    <message>
        <source>D&amp;ocument</source>
        <translation>문서(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Next document</source>
        <translation>다음 문서(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous document</source>
        <translation>이전 문서(&amp;P)</translation>
    </message>
    <message>
        <source>Mark &amp;done and open next</source>
        <translation>완료 표시 후 다음 문서(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Skip and open next</source>
        <translation>건너뛰고 다음 문서(&amp;S)</translation>
    </message>
    <message>
        <source>Set &amp;status</source>
        <translation>상태 지정(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Hide boilerplate lines</source>
        <translation>기사 외 영역 숨기기(&amp;H)</translation>
    </message>
    <message>
        <source>Relation &amp;arcs</source>
        <translation>관계 화살표(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;All relations</source>
        <translation>모든 관계(&amp;A)</translation>
    </message>
    <message>
        <source>Only for the &amp;selected entity</source>
        <translation>선택한 개체의 관계만(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;None (the Relations list still has them all)</source>
        <translation>표시 안 함(&amp;N) (관계 목록에는 모두 있음)</translation>
    </message>
    <message>
        <source>%1 is the open project already.</source>
        <translation>%1은(는) 이미 열려 있는 프로젝트입니다.</translation>
    </message>
    <message>
        <source>Opened %1. %2 stays open beside it until its work is done.</source>
        <translation>%1을(를) 열었습니다. %2은(는) 하던 작업이 끝날 때까지 옆에 열려 있습니다.</translation>
    </message>
    <message>
        <source>Opened %1. %2 is closed; every label in it is saved.</source>
        <translation>%1을(를) 열었습니다. %2은(는) 닫혔으며, 그 안의 모든 레이블은 저장되어 있습니다.</translation>
    </message>
    <message>
        <source>Imported 1 document,</source>
        <translation>문서 1개를 가져왔고,</translation>
    </message>
    <message>
        <source>Import cancelled: the documents counted are stored whole; the rest was not imported (import the same files again for it: what is stored is skipped as duplicates).</source>
        <translation>가져오기 취소됨: 센 문서는 온전히 저장되었고 나머지는 가져오지 않았습니다(같은 파일을 다시 가져오면 나머지가 들어오며, 저장된 문서는 중복으로 건너뜁니다).</translation>
    </message>
    <message>
        <source>Close the window?</source>
        <translation>창을 닫을까요?</translation>
    </message>
    <message>
        <source>Still running: %1. Stop it and close the window?

What is done is kept: an import keeps the documents it stored, whole; an export or a report writes nothing; training keeps the best model so far.</source>
        <translation>아직 진행 중: %1. 중지하고 창을 닫을까요?

끝난 일은 남습니다. 가져오기는 저장한 문서를 온전히 남기고, 내보내기와 보고서는 아무것도 쓰지 않으며, 학습은 지금까지의 최고 모델을 남깁니다.</translation>
    </message>
    <message>
        <source>Unknown label %1</source>
        <translation>알 수 없는 레이블 %1</translation>
    </message>
    <message>
        <source>Not labelled: %1</source>
        <translation>레이블을 붙이지 않았습니다: %1</translation>
    </message>
    <message>
        <source>it overlaps the %1 entity at %2–%3; entities cannot overlap</source>
        <translation>%2–%3의 %1 개체와 겹칩니다. 개체는 서로 겹칠 수 없습니다</translation>
    </message>
    <message>
        <source>The %1 entity belongs to the layer %2, read-only here; take it into gold (C) to change it</source>
        <translation>이 %1 개체는 %2 레이어의 것이라 여기서는 읽기 전용입니다. 바꾸려면 골드로 가져오세요 (C)</translation>
    </message>
    <message>
        <source>The %1 entity belongs to the layer %2, read-only here; copy it into your layer (C) to change it</source>
        <translation>이 %1 개체는 %2 레이어의 것이라 여기서는 읽기 전용입니다. 바꾸려면 내 레이어로 복사하세요 (C)</translation>
    </message>
    <message>
        <source>Not copied: %1</source>
        <translation>복사하지 않았습니다: %1</translation>
    </message>
    <message>
        <source>Already in your layer</source>
        <translation>이미 내 레이어에 있습니다</translation>
    </message>
    <message>
        <source>Deleted the %1 entity and 1 relation</source>
        <translation>%1 개체와 관계 1개를 삭제했습니다</translation>
    </message>
    <message>
        <source>Deleted the %1 entity and %n relations</source>
        <translation>%1 개체와 관계 %n개를 삭제했습니다</translation>
    </message>
    <message>
        <source>Label all occurrences works on your own layer, not while adjudicating</source>
        <translation>모든 곳에 레이블 지정은 내 레이어에서만 됩니다. 판정 중에는 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>Label all occurrences stopped at document %1: %2</source>
        <translation>모든 곳에 레이블 지정이 문서 %1에서 멈췄습니다: %2</translation>
    </message>
    <message>
        <source>No other unlabelled “%1” found</source>
        <translation>레이블이 없는 다른 “%1”을 찾지 못했습니다</translation>
    </message>
    <message>
        <source>Labelled %1 more “%2” as %3</source>
        <translation>“%2” %1곳에 %3 레이블을 더 붙였습니다</translation>
    </message>
    <message>
        <source>Labelled %1 more “%2” as %3 in %4 documents</source>
        <translation>문서 %4개에서 “%2” %1곳에 %3 레이블을 더 붙였습니다</translation>
    </message>
    <message>
        <source>No relation: %1</source>
        <translation>관계를 만들지 않았습니다: %1</translation>
    </message>
    <message>
        <source>Open a document first</source>
        <translation>먼저 문서를 여세요</translation>
    </message>
    <message>
        <source>Cannot undo “%1”: %2</source>
        <translation>“%1”을 실행 취소할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Cannot redo “%1”: %2</source>
        <translation>“%1”을 다시 실행할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>… and 1 more problem (see the details)</source>
        <translation>… 그 밖의 문제 1건 (자세한 정보 참고)</translation>
    </message>
    <message>
        <source>… and %n more problems (see the details)</source>
        <translation>… 그 밖의 문제 %n건 (자세한 정보 참고)</translation>
    </message>
    <message>
        <source>1 document imported</source>
        <translation>문서 1개 가져옴</translation>
    </message>
    <message>
        <source>%n documents imported</source>
        <translation>문서 %n개 가져옴</translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation>%1 읽음</translation>
    </message>
    <message>
        <source>Writing the report: %1 of %2 documents</source>
        <translation>보고서 작성 %1/%2</translation>
    </message>
    <message>
        <source>Computing the agreement between the reviewers…</source>
        <translation>검토자 간 일치도 계산</translation>
    </message>
    <message>
        <source>Saving the report…</source>
        <translation>보고서 저장</translation>
    </message>
    <message>
        <source>Reading the files: %1 of %2</source>
        <translation>파일 읽는 중: %2개 중 %1개</translation>
    </message>
    <message>
        <source>Files read; merging them…</source>
        <translation>파일을 읽었습니다. 병합하는 중…</translation>
    </message>
    <message>
        <source>Merging the files: %1 of %2</source>
        <translation>파일 병합 중: %2개 중 %1개</translation>
    </message>
    <message>
        <source>Indexing for search: %1 of %2 documents</source>
        <translation>검색 색인 중: 문서 %2개 중 %1개</translation>
    </message>
    <message>
        <source>Writing the reviewer files: %1 of %2</source>
        <translation>검토자 파일 쓰는 중: %2개 중 %1개</translation>
    </message>
    <message>
        <source>Reading the date and outlet: %1 of %2 documents</source>
        <translation>날짜와 매체 읽는 중: 문서 %2개 중 %1개</translation>
    </message>
    <message>
        <source>The tokens are not valid JSON: %1</source>
        <translation>토큰이 올바른 JSON이 아닙니다: %1</translation>
    </message>
    <message>
        <source>This is not a valid regular expression: %1</source>
        <translation>올바른 정규식이 아닙니다: %1</translation>
    </message>
    <message>
        <source>This pattern matches the empty string: it would propose empty entities</source>
        <translation>이 패턴은 빈 문자열과 일치합니다. 빈 개체를 제안하게 됩니다</translation>
    </message>
    <message>
        <source>The pattern id %1 appears twice in this label</source>
        <translation>패턴 ID %1이(가) 이 레이블에 두 번 있습니다</translation>
    </message>
    <message>
        <source>Imported %n documents,</source>
        <translation>문서 %n개를 가져왔고,</translation>
    </message>
    <message>
        <source>1 duplicate skipped,</source>
        <translation>중복 1개는 건너뛰었으며,</translation>
    </message>
    <message>
        <source>%n duplicates skipped,</source>
        <translation>중복 %n개는 건너뛰었으며,</translation>
    </message>
    <message>
        <source>Labels added to 1 document stored before (its file's import layer).</source>
        <translation>이미 저장된 문서 1개에 레이블을 더했습니다(파일의 가져오기 레이어).</translation>
    </message>
    <message>
        <source>Labels added to %n documents stored before (each into its file's import layer).</source>
        <translation>이미 저장된 문서 %n개에 레이블을 더했습니다(각 파일의 가져오기 레이어).</translation>
    </message>
    <message>
        <source>1 problem.</source>
        <translation>문제가 1건 있습니다.</translation>
    </message>
    <message>
        <source>%n problems.</source>
        <translation>문제가 %n건 있습니다.</translation>
    </message>
    <message>
        <source>1 suggestion from the files&apos; predictions (review them: Tab).</source>
        <translation>파일의 예측에서 제안 1개 (Tab으로 검토).</translation>
    </message>
    <message>
        <source>%n suggestions from the files&apos; predictions (review them: Tab).</source>
        <translation>파일의 예측에서 제안 %n개 (Tab으로 검토).</translation>
    </message>
    <message>
        <source>1 predicted relation kept (offered once both ends are labels).</source>
        <translation>예측된 관계 1개를 보관했습니다 (양 끝이 레이블이 되면 제안).</translation>
    </message>
    <message>
        <source>%n predicted relations kept (offered once both ends are labels).</source>
        <translation>예측된 관계 %n개를 보관했습니다 (양 끝이 레이블이 되면 제안).</translation>
    </message>
    <message>
        <source>Labels added to the scheme: %1.</source>
        <translation>레이블 체계에 추가한 레이블: %1.</translation>
    </message>
    <message>
        <source>Spans with labels the scheme lacks were skipped: to keep them, turn on File ▸ %1 (or add the labels in Edit ▸ Label scheme) before importing a file that the project does not hold yet.</source>
        <translation>레이블 체계에 없는 레이블의 개체는 건너뛰었습니다. 이런 개체를 유지하려면, 프로젝트에 아직 없는 파일을 가져오기 전에 파일 ▸ %1 항목을 켜거나 편집 ▸ 레이블 체계에서 레이블을 추가하세요.</translation>
    </message>
    <message>
        <source>1 file left out (no importer reads its suffix).</source>
        <translation>파일 1개는 읽을 수 있는 형식이 아니어서 제외했습니다.</translation>
    </message>
    <message>
        <source>%n files left out (no importer reads their suffix).</source>
        <translation>파일 %n개는 읽을 수 있는 형식이 아니어서 제외했습니다.</translation>
    </message>
    <message>
        <source>Import stopped</source>
        <translation>가져오기를 멈췄습니다</translation>
    </message>
    <message>
        <source>left out: %1</source>
        <translation>제외: %1</translation>
    </message>
    <message>
        <source>label the selection %1</source>
        <translation>선택 영역에 %1 레이블 지정</translation>
    </message>
    <message>
        <source>on a selected entity: relabel it; keys work by physical key, also in Hangul mode</source>
        <translation>선택한 개체에서는 레이블 변경; 물리 키 기준이라 한글 입력 상태에서도 동작</translation>
    </message>
    <message>
        <source>label keys</source>
        <translation>레이블 키</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Train model…</source>
        <translation>모델 학습(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <source>Open or create a project</source>
        <translation>프로젝트 열기 또는 만들기</translation>
    </message>
    <message>
        <source>Annotator projects (*.db *.annotator.db *.sqlite);;All files (*)</source>
        <translation>주석 프로젝트 (*.db *.annotator.db *.sqlite);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>프로젝트를 열 수 없습니다</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>가져오기 완료</translation>
    </message>
    <message>
        <source>Import documents</source>
        <translation>문서 가져오기</translation>
    </message>
    <message>
        <source>Import a folder of documents</source>
        <translation>문서 폴더 가져오기</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>가져오는 중</translation>
    </message>
    <message>
        <source>only %n documents to train on (at least %m are needed to learn much)</source>
        <translation>학습할 문서가 %n개뿐입니다 (제대로 배우려면 %m개 이상 필요)</translation>
    </message>
    <message>
        <source>only 1 document to train on (at least %m are needed to learn much)</source>
        <translation>학습할 문서가 1개뿐입니다 (제대로 배우려면 %m개 이상 필요)</translation>
    </message>
    <message>
        <source>only %n documents to evaluate on: the scores are not reliable (at least %m)</source>
        <translation>평가할 문서가 %n개뿐이라 점수를 믿기 어렵습니다 (%m개 이상)</translation>
    </message>
    <message>
        <source>only 1 document to evaluate on: the scores are not reliable (at least %m)</source>
        <translation>평가할 문서가 1개뿐이라 점수를 믿기 어렵습니다 (%m개 이상)</translation>
    </message>
    <message>
        <source>only %n entities in all (at least %m are needed)</source>
        <translation>개체가 모두 %n개뿐입니다 (%m개 이상 필요)</translation>
    </message>
    <message>
        <source>labels with fewer than %m examples: %l</source>
        <translation>예가 %m개 미만인 레이블: %l</translation>
    </message>
    <message>
        <source>Setting up the model and the tokenizer…</source>
        <translation>모델과 형태소 분석기를 준비하는 중…</translation>
    </message>
    <message>
        <source>Exporting the documents: %1 of %2</source>
        <translation>문서 내보내는 중: %2개 중 %1개</translation>
    </message>
    <message>
        <source>Step %1 of at most %2</source>
        <translation>%1단계 (최대 %2단계)</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>%1단계</translation>
    </message>
    <message>
        <source>evaluation %1</source>
        <translation>평가 %1회</translation>
    </message>
    <message>
        <source>dev F1 %1 (best %2 at step %3)</source>
        <translation>검증 F1 %1 (최고 %2, %3단계)</translation>
    </message>
    <message>
        <source>overall</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>support</source>
        <translation>정답 수</translation>
    </message>
    <message>
        <source>Training stopped (%1) before its first evaluation: no model was saved.</source>
        <translation>첫 평가 전에 학습이 멈췄습니다(%1). 모델을 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>Training finished after %1 steps.</source>
        <translation>%1단계 후 학습을 마쳤습니다.</translation>
    </message>
    <message>
        <source>Cancelled at step %1: the best model so far was kept.</source>
        <translation>%1단계에서 취소했습니다. 지금까지 가장 좋은 모델을 저장했습니다.</translation>
    </message>
    <message>
        <source>Stopped at the time limit at step %1: the best model so far was kept.</source>
        <translation>시간 제한으로 %1단계에서 멈췄습니다. 지금까지 가장 좋은 모델을 저장했습니다.</translation>
    </message>
    <message>
        <source>Stopped at step %1.</source>
        <translation>%1단계에서 멈췄습니다.</translation>
    </message>
    <message>
        <source>Best dev score at step %1. Trained on %2 documents, evaluated on %3.</source>
        <translation>검증 점수가 가장 좋았던 단계: %1. 문서 %2개로 학습하고 %3개로 평가했습니다.</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>저장 위치: %1</translation>
    </message>
    <message>
        <source>Training result</source>
        <translation>학습 결과</translation>
    </message>
    <message>
        <source>Too little to learn from:</source>
        <translation>학습 자료가 부족합니다:</translation>
    </message>
    <message>
        <source>Training the entity model</source>
        <translation>개체 인식 모델 학습 중</translation>
    </message>
    <message>
        <source>Loading the tokenizer and exporting the documents…</source>
        <translation>형태소 분석기를 불러오고 문서를 내보내는 중…</translation>
    </message>
    <message>
        <source>drag</source>
        <translation>드래그</translation>
    </message>
    <message>
        <source>select text; boundaries snap to morphemes</source>
        <translation>텍스트 선택, 경계는 형태소에 맞춤</translation>
    </message>
    <message>
        <source>Alt / Ctrl + drag</source>
        <translation>Alt / Ctrl + 드래그</translation>
    </message>
    <message>
        <source>exact selection without snapping</source>
        <translation>형태소 맞춤 없이 정확히 선택</translation>
    </message>
    <message>
        <source>double-click</source>
        <translation>더블클릭</translation>
    </message>
    <message>
        <source>label the noun part of the word with the active label</source>
        <translation>어절의 명사 부분에 현재 레이블 지정</translation>
    </message>
    <message>
        <source>Shift+← / Shift+→</source>
        <translation>Shift+← / Shift+→</translation>
    </message>
    <message>
        <source>extend the selection by one morpheme</source>
        <translation>선택을 형태소 하나만큼 늘리기</translation>
    </message>
    <message>
        <source>Ctrl+Shift+← / Ctrl+Shift+→</source>
        <translation>Ctrl+Shift+← / Ctrl+Shift+→</translation>
    </message>
    <message>
        <source>move the selected entity&apos;s end by one character</source>
        <translation>선택한 개체의 끝을 한 글자 옮기기</translation>
    </message>
    <message>
        <source>Alt+Shift+← / Alt+Shift+→</source>
        <translation>Alt+Shift+← / Alt+Shift+→</translation>
    </message>
    <message>
        <source>move the selected entity&apos;s start by one character</source>
        <translation>선택한 개체의 시작을 한 글자 옮기기</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>start a relation from the selected entity (then click the tail, or R / Enter on it)</source>
        <translation>선택한 개체에서 관계 시작 (꼬리 개체를 클릭하거나 그 위에서 R / Enter)</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>copy the other layer&apos;s entity under the caret into your layer (adjudicating: take the reviewer&apos;s entity into gold)</source>
        <translation>커서 위치의 다른 레이어 개체를 내 레이어로 복사 (판정 중: 검토자의 개체를 골드로 가져오기)</translation>
    </message>
    <message>
        <source>drag from entity to entity</source>
        <translation>개체에서 개체로 드래그</translation>
    </message>
    <message>
        <source>create a relation</source>
        <translation>관계 만들기</translation>
    </message>
    <message>
        <source>Delete / Backspace</source>
        <translation>Delete / Backspace</translation>
    </message>
    <message>
        <source>Escape</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>cancel the relation or the selection</source>
        <translation>관계 만들기나 선택 취소</translation>
    </message>
    <message>
        <source>delete the selected entity or relation</source>
        <translation>선택한 개체나 관계 삭제</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>모든 문서</translation>
    </message>
    <message>
        <source>Selected documents (%1)</source>
        <translation>선택한 문서 (%1)</translation>
    </message>
    <message>
        <source>Article content only</source>
        <translation>기사 본문만</translation>
    </message>
    <message>
        <source>Whole page (with boilerplate)</source>
        <translation>페이지 전체 (기사 외 영역 포함)</translation>
    </message>
    <message>
        <source>Gold where it exists, else every reviewer&apos;s (duplicates once)</source>
        <translation>골드가 있으면 골드, 없으면 모든 검토자의 라벨 (중복은 한 번)</translation>
    </message>
    <message>
        <source>All layers</source>
        <translation>모든 레이어</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>형식:</translation>
    </message>
    <message>
        <source>Documents:</source>
        <translation>문서:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>텍스트:</translation>
    </message>
    <message>
        <source>Labels of:</source>
        <translation>라벨 출처:</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>저장 위치:</translation>
    </message>
    <message>
        <source>Export to the folder</source>
        <translation>폴더로 내보내기</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>내보낼 위치</translation>
    </message>
    <message>
        <source>Choose a format and where to save it.</source>
        <translation>형식과 저장 위치를 고르세요.</translation>
    </message>
    <message>
        <source>No document is marked done yet, so this export would be empty. Choose All documents, or mark documents done first (Ctrl+Enter).</source>
        <translation>아직 완료로 표시한 문서가 없어 내보낼 내용이 없습니다. 모든 문서를 고르거나, 먼저 문서를 완료로 표시하세요 (Ctrl+Enter).</translation>
    </message>
    <message>
        <source>Loading the Korean tokenizer…</source>
        <translation>한국어 형태소 분석기를 불러오는 중…</translation>
    </message>
    <message>
        <source>Reading the documents…</source>
        <translation>문서를 읽는 중…</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was written.</source>
        <translation>내보내기를 취소했습니다. 아무것도 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>Exported %1, %2 and %3 to
%4</source>
        <translation>%1, %2, %3를 내보냈습니다:
%4</translation>
    </message>
    <message>
        <source>Exported %1 and %2 to
%4
(this format has no place for relations)</source>
        <translation>%1, %2를 내보냈습니다:
%4
(이 형식에는 관계를 담을 자리가 없습니다)</translation>
    </message>
    <message>
        <source>1 document</source>
        <translation>문서 1개</translation>
    </message>
    <message>
        <source>%n documents</source>
        <translation>문서 %n개</translation>
    </message>
    <message>
        <source>1 entity</source>
        <translation>개체 1개</translation>
    </message>
    <message>
        <source>%n entities</source>
        <translation>개체 %n개</translation>
    </message>
    <message>
        <source>1 relation</source>
        <translation>관계 1개</translation>
    </message>
    <message>
        <source>%n relations</source>
        <translation>관계 %n개</translation>
    </message>
    <message>
        <source>Wrote the report with %1, %2, %3 and %4 to
%5</source>
        <translation>%1, %2, %3, %4를 담은 보고서를 저장했습니다:
%5</translation>
    </message>
    <message>
        <source>1 zone</source>
        <translation>특구 1개</translation>
    </message>
    <message>
        <source>%n zones</source>
        <translation>특구 %n개</translation>
    </message>
    <message>
        <source>1 person</source>
        <translation>인물 1명</translation>
    </message>
    <message>
        <source>%n people</source>
        <translation>인물 %n명</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>내보내기 완료</translation>
    </message>
    <message>
        <source>Documents %1 marked done</source>
        <translation>%1 님이 완료로 표시한 문서</translation>
    </message>
    <message>
        <source>Documents %1 marked done (%2)</source>
        <translation>%1 님이 완료로 표시한 문서 (%2)</translation>
    </message>
    <message>
        <source>Preparing the Korean tokens…</source>
        <translation>한국어 토큰을 준비하는 중…</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>내보내는 중</translation>
    </message>
    <message>
        <source>Open the folder?</source>
        <translation>폴더를 열까요?</translation>
    </message>
    <message>
        <source>Save the Excel report</source>
        <translation>엑셀 보고서 저장</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>엑셀 통합 문서 (*.xlsx)</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>보고서</translation>
    </message>
    <message>
        <source>The report was cancelled; nothing was written.</source>
        <translation>보고서 작성을 취소했습니다. 아무것도 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>Report finished</source>
        <translation>보고서 완료</translation>
    </message>
    <message>
        <source>Writing the report</source>
        <translation>보고서 작성 중</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <source>Indexing for search %1%</source>
        <translation>검색 색인 만드는 중 %1%</translation>
    </message>
    <message>
        <source>Search index ready: %1 added</source>
        <translation>검색 색인 완료: %1 추가</translation>
    </message>
    <message>
        <source>Search index not built: %1</source>
        <translation>검색 색인을 만들지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Stopped after %1 of %2 older documents; the rest are read the next time this project opens</source>
        <translation>이전 문서 %2개 중 %1개에서 멈췄습니다. 나머지는 이 프로젝트를 다음에 열 때 읽습니다</translation>
    </message>
    <message>
        <source>Read the date and outlet of %1 older documents (%2 dated)</source>
        <translation>이전 문서 %1개의 날짜와 언론사를 읽었습니다 (날짜 있음 %2개)</translation>
    </message>
    <message>
        <source>Reading article dates</source>
        <translation>기사 날짜 읽는 중</translation>
    </message>
    <message>
        <source>Reading the date and outlet of documents imported by an older version…</source>
        <translation>이전 버전에서 가져온 문서의 날짜와 언론사를 읽는 중…</translation>
    </message>
    <message>
        <source>Hand out work</source>
        <translation>작업 나눠 주기</translation>
    </message>
    <message>
        <source>kim, lee, park</source>
        <translation>김, 이, 박</translation>
    </message>
    <message>
        <source>The share of the documents every reviewer gets: agreement is measured on it</source>
        <translation>모든 검토자가 함께 받는 문서의 비율입니다. 일치도는 이 문서들로 잽니다</translation>
    </message>
    <message>
        <source>The same seed hands out the same documents again</source>
        <translation>같은 시드를 쓰면 같은 문서를 다시 나눠 줍니다</translation>
    </message>
    <message>
        <source>All documents (%1)</source>
        <translation>모든 문서 (%1)</translation>
    </message>
    <message>
        <source>Documents nobody has marked done (%1)</source>
        <translation>아무도 완료하지 않은 문서 (%1)</translation>
    </message>
    <message>
        <source>Reviewers:</source>
        <translation>검토자:</translation>
    </message>
    <message>
        <source>Shared by everyone:</source>
        <translation>공통 배정:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>시드:</translation>
    </message>
    <message>
        <source>Write the files to:</source>
        <translation>파일 저장 위치:</translation>
    </message>
    <message>
        <source>Hand out</source>
        <translation>나눠 주기</translation>
    </message>
    <message>
        <source>Name the reviewers, separated by commas.</source>
        <translation>검토자 이름을 쉼표로 구분해 입력하세요.</translation>
    </message>
    <message>
        <source>%1 shared by everyone; documents per reviewer: %2</source>
        <translation>모두에게 공통: %1; 검토자별 문서 수: %2</translation>
    </message>
    <message>
        <source>Write the reviewer files to</source>
        <translation>검토자 파일을 저장할 폴더</translation>
    </message>
    <message>
        <source>Choose the folder for the reviewer files.</source>
        <translation>검토자 파일을 저장할 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>%1 exist already in %2. Replace them?</source>
        <translation>%2에 %1 파일이 이미 있습니다. 바꿀까요?</translation>
    </message>
    <message>
        <source>Wrote one project file per reviewer to
%1

%2</source>
        <translation>검토자마다 프로젝트 파일을 하나씩 다음 위치에 저장했습니다:
%1

%2</translation>
    </message>
    <message>
        <source>Send each reviewer their file. They open it with File ▸ Open project…, label, mark each finished document done (Ctrl+Enter) and send it back; File ▸ Merge project files… then brings their work into this project.</source>
        <translation>검토자마다 자기 파일을 보내세요. 검토자는 파일 ▸ 프로젝트 열기…로 파일을 열어 레이블을 달고, 끝난 문서를 완료로 표시한 뒤(Ctrl+Enter) 파일을 돌려보냅니다. 그다음 파일 ▸ 프로젝트 파일 병합…으로 그 작업을 이 프로젝트에 합칩니다.</translation>
    </message>
    <message>
        <source>Work handed out</source>
        <translation>작업을 나눠 주었습니다</translation>
    </message>
    <message>
        <source>Handing out work</source>
        <translation>작업 나눠 주는 중</translation>
    </message>
    <message>
        <source>Merge project files</source>
        <translation>프로젝트 파일 병합</translation>
    </message>
    <message>
        <source>Reviewers&apos; project files are merged into this project in one step: documents are matched by their text, each reviewer&apos;s labels are taken from where they are newer, and the files themselves are only read.</source>
        <translation>검토자들의 프로젝트 파일을 한 번에 이 프로젝트로 병합합니다. 문서는 본문으로 맞추고, 검토자마다 더 최근의 레이블을 가져오며, 원본 파일은 읽기만 합니다.</translation>
    </message>
    <message>
        <source>Merging into the open project: %1</source>
        <translation>열려 있는 프로젝트에 병합합니다: %1</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>파일 추가…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>빼기</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Accept all agreed (Alt+A)</source>
        <translation>일치한 개체 모두 받아들이기 (Alt+A)</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>검토자</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Project: %1 adjudicated, %2 to go.</source>
        <translation>프로젝트: 판정 완료 %1건, 남은 문서 %2건.</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Open a document labelled by two or more reviewers.</source>
        <translation>검토자 둘 이상이 라벨을 단 문서를 여세요.</translation>
    </message>
    <message>
        <source>Mark adjudicated</source>
        <translation>판정 완료로 표시</translation>
    </message>
    <message>
        <source>gold: %1</source>
        <translation>골드: %1</translation>
    </message>
    <message>
        <source>undecided</source>
        <translation>미결정</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>시작 전</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>adjudicated</source>
        <translation>판정 완료</translation>
    </message>
    <message>
        <source>Gold: %1 — %2. Agreed: %3 (%4 in gold). Disagreements: %5 (%6 undecided).</source>
        <translation>골드: %1 — %2. 일치: %3개 (골드에 %4개). 불일치: %5개 (미결정 %6개).</translation>
    </message>
    <message>
        <source>(fewer than two reviewer layers)</source>
        <translation>(검토자 레이어가 둘 미만)</translation>
    </message>
    <message>
        <source>Back to in progress</source>
        <translation>다시 진행 중으로</translation>
    </message>
    <message>
        <source>Relations not every reviewer made (%1)</source>
        <translation>일부 검토자만 단 관계 (%1)</translation>
    </message>
    <message>
        <source>%1  %2 — choice here: Alt+%1</source>
        <translation>%1  %2 — 이 위치 선택: Alt+%1</translation>
    </message>
    <message>
        <source>Take all (Ctrl+Alt+%1)</source>
        <translation>전체 가져오기 (Ctrl+Alt+%1)</translation>
    </message>
    <message>
        <source>Gold becomes this reviewer&apos;s version of the whole document</source>
        <translation>골드를 이 검토자의 문서 전체 버전으로 바꿉니다</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Merge as</source>
        <translation>병합할 검토자</translation>
    </message>
    <message>
        <source>The merge report appears here.</source>
        <translation>병합 결과가 여기에 나옵니다.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>병합</translation>
    </message>
    <message>
        <source>Files to merge:</source>
        <translation>병합할 파일:</translation>
    </message>
    <message>
        <source>Reviewers (one person on two machines: merge one as the other):</source>
        <translation>검토자 (한 사람이 두 컴퓨터에서 작업했다면 한쪽을 다른 쪽으로 병합):</translation>
    </message>
    <message>
        <source>Merge report:</source>
        <translation>병합 결과:</translation>
    </message>
    <message>
        <source>Reviewers&apos; project files</source>
        <translation>검토자 프로젝트 파일</translation>
    </message>
    <message>
        <source>%1 is the open project: the files are merged into it, so it is not one of them.</source>
        <translation>%1은(는) 열려 있는 프로젝트입니다. 파일들이 이 프로젝트에 병합되므로 병합할 파일로 넣을 수 없습니다.</translation>
    </message>
    <message>
        <source>%1 is listed already.</source>
        <translation>%1은(는) 이미 목록에 있습니다.</translation>
    </message>
    <message>
        <source>no stable id (made before reviewer ids)</source>
        <translation>고유 ID 없음 (검토자 ID 도입 전에 만들어짐)</translation>
    </message>
    <message>
        <source>themselves</source>
        <translation>그대로</translation>
    </message>
    <message>
        <source>Waiting for the background suggestions and search indexing to pause…</source>
        <translation>백그라운드 제안과 검색 색인이 멈추기를 기다리는 중…</translation>
    </message>
    <message>
        <source>The merge failed; the project is as it was.</source>
        <translation>병합에 실패했습니다. 프로젝트는 그대로입니다.</translation>
    </message>
    <message>
        <source>Merging</source>
        <translation>병합하는 중</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>파일을 읽는 중…</translation>
    </message>
    <message>
        <source>The merge was cancelled; the project is as it was.</source>
        <translation>병합을 취소했습니다. 프로젝트는 그대로입니다.</translation>
    </message>
    <message>
        <source>Merged %1.</source>
        <translation>%1를 병합했습니다.</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>파일 1개</translation>
    </message>
    <message>
        <source>%n files</source>
        <translation>파일 %n개</translation>
    </message>
    <message>
        <source>Documents: %1 added, %2 matched by their text.</source>
        <translation>문서: %1 추가, %2 본문으로 일치.</translation>
    </message>
    <message>
        <source>Layers of documents: %1 updated, %2 unchanged, %3 kept because they are newer here.</source>
        <translation>문서별 레이어: %1개 갱신, %2개 변화 없음, %3개는 이 프로젝트 쪽이 더 최근이라 유지.</translation>
    </message>
    <message>
        <source>Written: %1, %2, %3.</source>
        <translation>저장: %1, %2, %3.</translation>
    </message>
    <message>
        <source>1 status</source>
        <translation>상태 1개</translation>
    </message>
    <message>
        <source>%n statuses</source>
        <translation>상태 %n개</translation>
    </message>
    <message>
        <source>Reviewers added: %1</source>
        <translation>추가된 검토자: %1</translation>
    </message>
    <message>
        <source>Label scheme differences (this project&apos;s definitions win; missing labels are added; relation rules are united):</source>
        <translation>레이블 체계의 차이 (이 프로젝트의 정의를 따르고, 없는 레이블은 추가하며, 관계 규칙은 합침):</translation>
    </message>
    <message>
        <source>The label schemes agree.</source>
        <translation>레이블 체계가 같습니다.</translation>
    </message>
    <message>
        <source>Not merged:</source>
        <translation>병합하지 않음:</translation>
    </message>
    <message>
        <source>Every label made here before the merge was saved first; a layer is replaced only where a file holds a newer version of it.</source>
        <translation>병합 전에 여기서 만든 모든 레이블은 먼저 저장되었습니다. 파일에 더 새로운 버전이 있는 레이어만 바뀝니다.</translation>
    </message>
    <message>
        <source>The open document “%1” was changed by the merge: it is shown as merged now.</source>
        <translation>열려 있던 문서 “%1”이(가) 병합으로 바뀌었습니다. 지금은 병합된 내용으로 보입니다.</translation>
    </message>
    <message>
        <source>The open document “%1” was not changed by the merge.</source>
        <translation>열려 있던 문서 “%1”은(는) 병합으로 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>The undo history was cleared: it held edits of documents the merge changed.</source>
        <translation>실행 취소 기록을 비웠습니다. 병합으로 바뀐 문서의 편집이 들어 있었습니다.</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>가져옴</translation>
    </message>
    <message>
        <source>suggestions</source>
        <translation>제안</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>일치도</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>모든 레이블</translation>
    </message>
    <message>
        <source>Compare:</source>
        <translation>비교:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>레이블:</translation>
    </message>
    <message>
        <source>Press Compute.</source>
        <translation>계산을 누르세요.</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>쌍</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>Exact F1</source>
        <translation>정확 일치 F1</translation>
    </message>
    <message>
        <source>Overlap F1</source>
        <translation>겹침 F1</translation>
    </message>
    <message>
        <source>Cohen&apos;s κ</source>
        <translation>코헨 κ</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s α</source>
        <translation>크리펜도르프 α</translation>
    </message>
    <message>
        <source>Relation F1</source>
        <translation>관계 F1</translation>
    </message>
    <message>
        <source>Entities (left / right)</source>
        <translation>개체 (왼쪽 / 오른쪽)</translation>
    </message>
    <message>
        <source>Matched exactly</source>
        <translation>정확히 일치</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>불일치</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>문서</translation>
    </message>
    <message>
        <source>Entities per layer</source>
        <translation>레이어별 개체</translation>
    </message>
    <message>
        <source>Double-click a document to open it</source>
        <translation>문서를 두 번 클릭하면 엽니다</translation>
    </message>
    <message>
        <source>Documents, most disagreement first (double-click to open):</source>
        <translation>불일치가 큰 문서부터 (두 번 클릭하면 엽니다):</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>계산</translation>
    </message>
    <message>
        <source>Choose two or more layers to compare.</source>
        <translation>비교할 레이어를 둘 이상 고르세요.</translation>
    </message>
    <message>
        <source>Cancelled; press Compute to start again.</source>
        <translation>취소했습니다. 다시 하려면 계산을 누르세요.</translation>
    </message>
    <message>
        <source>Computing agreement</source>
        <translation>일치도 계산 중</translation>
    </message>
    <message>
        <source>No document is covered by two or more of these layers yet (a reviewer&apos;s layer covers the documents the reviewer marked done).</source>
        <translation>아직 이 레이어 중 둘 이상이 다룬 문서가 없습니다 (검토자의 레이어는 그 검토자가 완료한 문서를 다룹니다).</translation>
    </message>
    <message>
        <source>%1 documents, %2 characters compared (the unit: every non-whitespace character). Krippendorff&apos;s α over all layers: %3.</source>
        <translation>문서 %1개, 글자 %2개를 비교했습니다 (단위: 공백이 아닌 모든 글자). 전체 레이어의 크리펜도르프 α: %3.</translation>
    </message>
    <message>
        <source>&amp;Hand out work…</source>
        <translation>작업 나눠 주기(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Merge project files…</source>
        <translation>프로젝트 파일 병합(&amp;M)…</translation>
    </message>
    <message>
        <source>Show &amp;other layers&apos; labels</source>
        <translation>다른 레이어의 레이블 보기(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Agreement…</source>
        <translation>일치도(&amp;A)…</translation>
    </message>
    <message>
        <source>mark gold %1</source>
        <translation>골드 상태를 %1(으)로</translation>
    </message>
    <message>
        <source>Adjudicating: edits go to the gold layer</source>
        <translation>판정 중: 편집은 골드 레이어에 저장됩니다</translation>
    </message>
    <message>
        <source>Adjudication off: edits go to your own layer</source>
        <translation>판정 끝: 편집은 내 레이어에 저장됩니다</translation>
    </message>
    <message>
        <source>No disagreement in this document</source>
        <translation>이 문서에는 불일치가 없습니다</translation>
    </message>
    <message>
        <source>Not changed: %1</source>
        <translation>바꾸지 않았습니다: %1</translation>
    </message>
    <message>
        <source>Gold already holds that</source>
        <translation>골드에 이미 있습니다</translation>
    </message>
    <message>
        <source>Put the caret in a disagreement first (Alt+Down: the next one)</source>
        <translation>먼저 커서를 불일치 위치에 두세요 (Alt+↓: 다음 불일치)</translation>
    </message>
    <message>
        <source>take %1&apos;s choice</source>
        <translation>%1의 선택 가져오기</translation>
    </message>
    <message>
        <source>take %1&apos;s version of the document</source>
        <translation>%1의 문서 전체 가져오기</translation>
    </message>
    <message>
        <source>take %n entities into gold</source>
        <translation>개체 %n개를 골드로 가져오기</translation>
    </message>
    <message>
        <source>take a relation into gold</source>
        <translation>관계를 골드로 가져오기</translation>
    </message>
    <message>
        <source>label %1 in gold</source>
        <translation>골드에 %1 라벨 달기</translation>
    </message>
    <message>
        <source>Gold holds nothing here: this disagreement is decided as nothing</source>
        <translation>이 위치의 골드는 비어 있습니다: 이 불일치는 &apos;없음&apos;으로 결정되었습니다</translation>
    </message>
    <message>
        <source>take %1&apos;s choice: nothing</source>
        <translation>%1의 선택 가져오기: 없음</translation>
    </message>
    <message>
        <source>taken: nothing</source>
        <translation>결정: 없음</translation>
    </message>
    <message>
        <source>Not marked adjudicated: the disagreements left are undecided</source>
        <translation>판정 완료로 표시하지 않았습니다: 남은 불일치가 미결정입니다</translation>
    </message>
    <message>
        <source>Undecided disagreements</source>
        <translation>미결정 불일치</translation>
    </message>
    <message>
        <source>1 disagreement is still undecided.</source>
        <translation>불일치 1개가 아직 미결정입니다.</translation>
    </message>
    <message>
        <source>%n disagreements are still undecided.</source>
        <translation>불일치 %n개가 아직 미결정입니다.</translation>
    </message>
    <message>
        <source>Mark the document adjudicated anyway? Gold holds nothing where it is undecided.</source>
        <translation>그래도 이 문서를 판정 완료로 표시할까요? 미결정인 곳의 골드는 비어 있게 됩니다.</translation>
    </message>
    <message>
        <source>drop the gold here</source>
        <translation>이 위치의 골드 지우기</translation>
    </message>
    <message>
        <source>accept all agreed</source>
        <translation>일치한 개체 모두 받아들이기</translation>
    </message>
    <message>
        <source>Accepted %1 agreed entities and %2 relations</source>
        <translation>일치한 개체 %1개와 관계 %2개를 받아들였습니다</translation>
    </message>
    <message>
        <source>; %1 left as gold decided otherwise</source>
        <translation>; 골드에서 달리 정한 %1개는 그대로 두었습니다</translation>
    </message>
    <message>
        <source>Document adjudicated</source>
        <translation>문서 판정 완료</translation>
    </message>
    <message>
        <source>Document back in adjudication</source>
        <translation>문서를 다시 판정 중으로 돌렸습니다</translation>
    </message>
    <message>
        <source>Every document with two or more reviewers is adjudicated</source>
        <translation>검토자가 둘 이상인 문서를 모두 판정했습니다</translation>
    </message>
    <message>
        <source>Adjudication</source>
        <translation>판정</translation>
    </message>
    <message>
        <source>A&amp;djudicate (build the gold layer)</source>
        <translation>판정하기 (골드 레이어 만들기)(&amp;D)</translation>
    </message>
    <message>
        <source>Adjudication &amp;keys</source>
        <translation>판정 키(&amp;K)</translation>
    </message>
    <message>
        <source>Next disagreement</source>
        <translation>다음 불일치</translation>
    </message>
    <message>
        <source>Previous disagreement</source>
        <translation>이전 불일치</translation>
    </message>
    <message>
        <source>Accept all agreed</source>
        <translation>일치한 개체 모두 받아들이기</translation>
    </message>
    <message>
        <source>Drop the gold of this disagreement</source>
        <translation>이 불일치의 골드 지우기</translation>
    </message>
    <message>
        <source>Mark adjudicated and open the next document to adjudicate</source>
        <translation>판정 완료로 표시하고 판정할 다음 문서 열기</translation>
    </message>
    <message>
        <source>Take reviewer %1&apos;s choice here</source>
        <translation>검토자 %1의 선택을 여기에 적용</translation>
    </message>
    <message>
        <source>Take reviewer %1&apos;s whole version</source>
        <translation>검토자 %1의 문서 전체 가져오기</translation>
    </message>
    <message>
        <source>Pre-annotate in the &amp;background</source>
        <translation>백그라운드에서 미리 주석(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Suggest for this document again</source>
        <translation>이 문서 다시 제안받기(&amp;S)</translation>
    </message>
    <message>
        <source>Suggest re&amp;lations between my entities</source>
        <translation>내 개체 사이 관계 제안(&amp;L)</translation>
    </message>
    <message>
        <source>Suggesting for this document…</source>
        <translation>이 문서에 대한 제안을 만드는 중…</translation>
    </message>
    <message>
        <source>Suggestions ready: %1 for this document (Tab to review them)</source>
        <translation>제안 준비됨: 이 문서에 %1개 (Tab으로 검토)</translation>
    </message>
    <message>
        <source>No suggestions for this document</source>
        <translation>이 문서에 대한 제안이 없습니다</translation>
    </message>
    <message>
        <source>Suggestions ready: all %1 of this document are below the score threshold (lower it above the article to see them)</source>
        <translation>제안 준비됨: 이 문서의 %1개 모두 점수 기준 미만입니다 (보려면 본문 위의 기준을 낮추세요)</translation>
    </message>
    <message>
        <source>Suggestions stopped: %1</source>
        <translation>제안 작업이 멈췄습니다: %1</translation>
    </message>
    <message>
        <source>&amp;Suggestions</source>
        <translation>제안(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Accept all in this document</source>
        <translation>이 문서의 제안 모두 수락(&amp;A)</translation>
    </message>
    <message>
        <source>Accept all &amp;at or above the threshold</source>
        <translation>기준 점수 이상 모두 수락(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Reject all in this document</source>
        <translation>이 문서의 제안 모두 거절(&amp;R)</translation>
    </message>
    <message>
        <source>Accept all suggested relations in this document</source>
        <translation>이 문서의 제안된 관계 모두 수락</translation>
    </message>
    <message>
        <source>Reject all suggested relations in this document</source>
        <translation>이 문서의 제안된 관계 모두 거절</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>next / previous suggestion (dashed)</source>
        <translation>다음 / 이전 제안(점선)</translation>
    </message>
    <message>
        <source>Enter, or a click on its chip</source>
        <translation>Enter 또는 칩 클릭</translation>
    </message>
    <message>
        <source>accept the current suggestion</source>
        <translation>현재 제안 수락</translation>
    </message>
    <message>
        <source>Backspace / Delete</source>
        <translation>Backspace / Delete</translation>
    </message>
    <message>
        <source>reject the current suggestion</source>
        <translation>현재 제안 거절</translation>
    </message>
    <message>
        <source>a label key</source>
        <translation>레이블 키</translation>
    </message>
    <message>
        <source>accept the current suggestion with that label</source>
        <translation>현재 제안을 그 레이블로 수락</translation>
    </message>
    <message>
        <source>Tab, then Enter / Backspace</source>
        <translation>Tab 후 Enter / Backspace</translation>
    </message>
    <message>
        <source>on a suggested relation (dashed arc): accept / reject it; a click on it accepts</source>
        <translation>제안된 관계(점선 호)에서: 수락 / 거절; 클릭하면 수락</translation>
    </message>
    <message>
        <source>R on a suggested relation</source>
        <translation>제안된 관계에서 R</translation>
    </message>
    <message>
        <source>accept it as another relation type (its own type is remembered as rejected)</source>
        <translation>다른 관계 유형으로 수락 (원래 유형은 거절로 기록)</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <source>Text articles</source>
        <translation>텍스트 기사</translation>
    </message>
    <message>
        <source>JSON lines</source>
        <translation>JSON lines (JSONL)</translation>
    </message>
    <message>
        <source>Web pages</source>
        <translation>웹 페이지</translation>
    </message>
    <message>
        <source>KLUE-NER</source>
        <translation>KLUE-NER</translation>
    </message>
    <message>
        <source>CoNLL / IOB2</source>
        <translation>CoNLL / IOB2</translation>
    </message>
    <message>
        <source>Label Studio JSON</source>
        <translation>Label Studio JSON</translation>
    </message>
    <message>
        <source>Label Studio JSON (annotations, predictions)</source>
        <translation>Label Studio JSON (주석, 예측)</translation>
    </message>
    <message>
        <source>WebAnno TSV (INCEpTION)</source>
        <translation>WebAnno TSV (INCEpTION)</translation>
    </message>
    <message>
        <source>WebAnno TSV 3.3 (folder of .tsv, INCEpTION)</source>
        <translation>WebAnno TSV 3.3 (문서별 .tsv 폴더, INCEpTION)</translation>
    </message>
    <message>
        <source>brat standoff</source>
        <translation>brat standoff</translation>
    </message>
    <message>
        <source>dictionary</source>
        <translation>사전</translation>
    </message>
    <message>
        <source>patterns</source>
        <translation>패턴</translation>
    </message>
    <message>
        <source>model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>relation rules</source>
        <translation>관계 규칙</translation>
    </message>
    <message>
        <source>Prodigy JSONL (tokens, spans, relations)</source>
        <translation>Prodigy JSONL (토큰, 개체 범위, 관계)</translation>
    </message>
    <message>
        <source>doccano JSONL (entities, relations)</source>
        <translation>doccano JSONL (개체, 관계)</translation>
    </message>
    <message>
        <source>CoNLL IOB2 (one token per line)</source>
        <translation>CoNLL IOB2 (한 줄에 토큰 하나)</translation>
    </message>
    <message>
        <source>brat standoff (folder of .txt/.ann)</source>
        <translation>brat standoff (.txt/.ann 폴더)</translation>
    </message>
    <message>
        <source>CSV (one entity per row)</source>
        <translation>CSV (한 행에 개체 하나)</translation>
    </message>
    <message>
        <source>spaCy DocBin (.spacy)</source>
        <translation>spaCy DocBin (.spacy)</translation>
    </message>
    <message>
        <source>Tokenising %1 of %2 documents…</source>
        <translation>문서 %2개 중 %1개 토큰화하는 중…</translation>
    </message>
    <message>
        <source>Writing the export…</source>
        <translation>내보낼 파일을 쓰는 중…</translation>
    </message>
    <message>
        <source>Writing %1 of %2 documents…</source>
        <translation>문서 %2개 중 %1개 쓰는 중…</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>%1 레이블 지정</translation>
    </message>
    <message>
        <source>copy %1 entities into my layer</source>
        <translation>개체 %1개를 내 레이어로 복사</translation>
    </message>
    <message>
        <source>relabel as %1</source>
        <translation>%1(으)로 레이블 변경</translation>
    </message>
    <message>
        <source>adjust entity boundaries</source>
        <translation>개체 경계 조정</translation>
    </message>
    <message>
        <source>label all “%1” as %2</source>
        <translation>“%1” 모두 %2(으)로 레이블 지정</translation>
    </message>
    <message>
        <source>set the article date</source>
        <translation>기사 날짜 수정</translation>
    </message>
    <message>
        <source>set the article outlet</source>
        <translation>기사 언론사 수정</translation>
    </message>
    <message>
        <source>mark document new</source>
        <translation>문서를 새 문서로 표시</translation>
    </message>
    <message>
        <source>mark document in progress</source>
        <translation>문서를 진행 중으로 표시</translation>
    </message>
    <message>
        <source>mark document done</source>
        <translation>문서를 완료로 표시</translation>
    </message>
    <message>
        <source>mark document skipped</source>
        <translation>문서를 건너뜀으로 표시</translation>
    </message>
    <message>
        <source>mark line %1 as content</source>
        <translation>%1번 줄을 기사 본문으로 표시</translation>
    </message>
    <message>
        <source>mark line %1 as boilerplate</source>
        <translation>%1번 줄을 기사 외 영역으로 표시</translation>
    </message>
    <message>
        <source>delete %1 entity</source>
        <translation>%1 개체 삭제</translation>
    </message>
    <message>
        <source>add %1 relation</source>
        <translation>%1 관계 추가</translation>
    </message>
    <message>
        <source>delete %1 relation</source>
        <translation>%1 관계 삭제</translation>
    </message>
    <message>
        <source>clear the override of line %1</source>
        <translation>%1번 줄의 지정 해제</translation>
    </message>
    <message>
        <source>English-only short line</source>
        <translation>영문만 있는 짧은 줄</translation>
    </message>
    <message>
        <source>UI/player notice</source>
        <translation>화면·플레이어 안내문</translation>
    </message>
    <message>
        <source>article metadata</source>
        <translation>기사 정보 줄</translation>
    </message>
    <message>
        <source>blank line</source>
        <translation>빈 줄</translation>
    </message>
    <message>
        <source>body sentence</source>
        <translation>본문 문장</translation>
    </message>
    <message>
        <source>short body sentence</source>
        <translation>짧은 본문 문장</translation>
    </message>
    <message>
        <source>body sentence above page furniture</source>
        <translation>페이지 요소 위의 본문 문장</translation>
    </message>
    <message>
        <source>body paragraph cut off at the end of the page</source>
        <translation>페이지 끝에서 잘린 본문 문단</translation>
    </message>
    <message>
        <source>breadcrumb menu</source>
        <translation>경로 메뉴</translation>
    </message>
    <message>
        <source>bullet list of headlines</source>
        <translation>기사 제목 글머리표 목록</translation>
    </message>
    <message>
        <source>byline</source>
        <translation>기자 이름 줄</translation>
    </message>
    <message>
        <source>copyright line</source>
        <translation>저작권 줄</translation>
    </message>
    <message>
        <source>date/time line</source>
        <translation>날짜·시각 줄</translation>
    </message>
    <message>
        <source>e-mail address</source>
        <translation>이메일 주소</translation>
    </message>
    <message>
        <source>front matter (key: value)</source>
        <translation>머리 정보 (키: 값)</translation>
    </message>
    <message>
        <source>headline</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>sub-headline</source>
        <translation>부제목</translation>
    </message>
    <message>
        <source>sub-heading in the article</source>
        <translation>기사 안의 소제목</translation>
    </message>
    <message>
        <source>headline-like line</source>
        <translation>제목 같은 줄</translation>
    </message>
    <message>
        <source>headline-like line outside the article</source>
        <translation>기사 밖의 제목 같은 줄</translation>
    </message>
    <message>
        <source>image file name</source>
        <translation>이미지 파일 이름</translation>
    </message>
    <message>
        <source>inside page &lt;header&gt;</source>
        <translation>페이지 &lt;header&gt; 안</translation>
    </message>
    <message>
        <source>link list</source>
        <translation>링크 목록</translation>
    </message>
    <message>
        <source>list under a related/popular news header</source>
        <translation>관련·인기 기사 머리말 아래 목록</translation>
    </message>
    <message>
        <source>menu of short words</source>
        <translation>짧은 낱말 메뉴</translation>
    </message>
    <message>
        <source>number-heavy line</source>
        <translation>숫자가 많은 줄</translation>
    </message>
    <message>
        <source>outside the article body</source>
        <translation>기사 본문 밖</translation>
    </message>
    <message>
        <source>sentence outside the article body</source>
        <translation>기사 본문 밖의 문장</translation>
    </message>
    <message>
        <source>page &lt;title&gt;</source>
        <translation>페이지 &lt;title&gt;</translation>
    </message>
    <message>
        <source>page chrome phrase</source>
        <translation>페이지 틀 문구</translation>
    </message>
    <message>
        <source>photo caption</source>
        <translation>사진 설명</translation>
    </message>
    <message>
        <source>photo/video credit</source>
        <translation>사진·영상 출처</translation>
    </message>
    <message>
        <source>price/market ticker</source>
        <translation>시세 표시</translation>
    </message>
    <message>
        <source>publisher/footer details</source>
        <translation>발행인·하단 정보</translation>
    </message>
    <message>
        <source>running prose</source>
        <translation>이어지는 글</translation>
    </message>
    <message>
        <source>script or markup residue</source>
        <translation>스크립트·마크업 잔재</translation>
    </message>
    <message>
        <source>short fragment</source>
        <translation>짧은 조각</translation>
    </message>
    <message>
        <source>stack of headline-like lines</source>
        <translation>제목 같은 줄 묶음</translation>
    </message>
    <message>
        <source>symbol/number line</source>
        <translation>기호·숫자 줄</translation>
    </message>
    <message>
        <source>truncated teaser</source>
        <translation>잘린 기사 미리보기</translation>
    </message>
    <message>
        <source>weather ticker</source>
        <translation>날씨 표시</translation>
    </message>
    <message>
        <source>a heading in the markup</source>
        <translation>마크업의 제목 태그</translation>
    </message>
    <message>
        <source>above the page furniture</source>
        <translation>페이지 요소 위</translation>
    </message>
    <message>
        <source>repeated on the page</source>
        <translation>페이지에 반복됨</translation>
    </message>
    <message>
        <source>repeats the page &lt;title&gt;</source>
        <translation>페이지 &lt;title&gt;과 같음</translation>
    </message>
    <message>
        <source>repeats the page &lt;title&gt;, above the page furniture</source>
        <translation>페이지 &lt;title&gt;과 같음, 페이지 요소 위</translation>
    </message>
    <message>
        <source>recurs in %1 of %2 pages of this source</source>
        <translation>이 출처의 페이지 %2개 중 %1개에 반복</translation>
    </message>
    <message>
        <source>inside &lt;%1&gt;</source>
        <translation>&lt;%1&gt; 안</translation>
    </message>
    <message>
        <source>chrome container (%1)</source>
        <translation>페이지 틀 요소 (%1)</translation>
    </message>
    <message>
        <source>Suggestions (not labels): %1 from newer runs on %2, %3, %4 with reviewers&apos; layers, %5 of imported files&apos; models.</source>
        <translation>제안(레이블 아님): %2에 더 새로운 실행의 %1, %3, 검토자 레이어와 함께 온 %4, 가져온 파일 모델의 %5.</translation>
    </message>
    <message>
        <source>1 suggestion</source>
        <translation>제안 1개</translation>
    </message>
    <message>
        <source>%n suggestions</source>
        <translation>제안 %n개</translation>
    </message>
    <message>
        <source>1 rejection</source>
        <translation>거절 1건</translation>
    </message>
    <message>
        <source>%n rejections</source>
        <translation>거절 %n건</translation>
    </message>
    <message>
        <source>1 suggested relation</source>
        <translation>제안된 관계 1개</translation>
    </message>
    <message>
        <source>%n suggested relations</source>
        <translation>제안된 관계 %n개</translation>
    </message>
    <message>
        <source>1 predicted relation</source>
        <translation>예측 관계 1개</translation>
    </message>
    <message>
        <source>%n predicted relations</source>
        <translation>예측 관계 %n개</translation>
    </message>
</context>
<context>
    <name>AllowedLabelsDialog</name>
    <message>
        <source>Allowed head and tail labels</source>
        <translation>허용되는 머리·꼬리 레이블</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>머리</translation>
    </message>
    <message>
        <source>Tail</source>
        <translation>꼬리</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Annotator</source>
        <translation>주석 도구</translation>
    </message>
</context>
<context>
    <name>ArticleEditor</name>
    <message>
        <source>☑ Boilerplate hidden</source>
        <translation>☑ 기사 외 영역 숨김</translation>
    </message>
    <message>
        <source>Runs of boilerplate lines are collapsed; click to show them</source>
        <translation>연속된 기사 외 영역 줄을 접었습니다. 클릭하면 다시 보입니다</translation>
    </message>
    <message>
        <source>☐ Hide boilerplate</source>
        <translation>☐ 기사 외 영역 숨기기</translation>
    </message>
    <message>
        <source>Collapse runs of boilerplate lines into one marker</source>
        <translation>연속된 기사 외 영역 줄을 표시 하나로 접기</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <source>The article&apos;s own date and outlet, read at import; double-click to correct</source>
        <translation>가져올 때 읽은 기사 자체의 날짜와 언론사입니다. 두 번 클릭해 고칩니다</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>개체</translation>
    </message>
    <message>
        <source>Last edit</source>
        <translation>최종 수정</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>언론사</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>적중</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>찾은 곳</translation>
    </message>
    <message>
        <source>(untitled #%1)</source>
        <translation>(제목 없음 #%1)</translation>
    </message>
    <message>
        <source>%1 entities; %2 suggestions to decide on</source>
        <translation>개체 %1개, 결정할 제안 %2개</translation>
    </message>
    <message>
        <source>Not found on the page; double-click to enter it</source>
        <translation>페이지에서 찾지 못했습니다. 두 번 클릭해 입력하세요</translation>
    </message>
</context>
<context>
    <name>DocumentListPanel</name>
    <message>
        <source>No documents in this project yet.</source>
        <translation>이 프로젝트에는 아직 문서가 없습니다.</translation>
    </message>
    <message>
        <source>File ▸ Import… (Ctrl+I) reads files, File ▸ Import folder… (Ctrl+Shift+I) a folder of pages; files dropped on the window are imported too.</source>
        <translation>파일 ▸ 가져오기…(Ctrl+I)로 파일을, 파일 ▸ 폴더 가져오기…(Ctrl+Shift+I)로 페이지 폴더를 가져옵니다. 창에 끌어다 놓은 파일도 가져옵니다.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>검색 실패</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>Search text (Korean substrings)…</source>
        <translation>본문 검색 (한국어 부분 문자열)…</translation>
    </message>
    <message>
        <source>from YYYY-MM-DD</source>
        <translation>시작 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>to YYYY-MM-DD</source>
        <translation>끝 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Only articles published in this period (either end may be empty)</source>
        <translation>이 기간에 게재된 기사만 (한쪽은 비워도 됩니다)</translation>
    </message>
    <message>
        <source>List order</source>
        <translation>목록 순서</translation>
    </message>
    <message>
        <source>Most suggestions first</source>
        <translation>제안 많은 순</translation>
    </message>
    <message>
        <source>Least confident first</source>
        <translation>확신 낮은 순</translation>
    </message>
    <message>
        <source>The order of the list and of the review queue (Ctrl+Enter opens the next open document).
Most suggestions first: documents with the most pending suggestions to decide on.
Least confident first: the lowest mean score of the pending suggestions first.
Ranked when chosen; choose it again after new suggestions to rank again.</source>
        <translation>목록과 검토 대기열의 순서입니다(Ctrl+Enter는 다음 미완료 문서를 엽니다).
제안 많은 순: 결정할 제안이 가장 많은 문서부터.
확신 낮은 순: 남은 제안의 평균 점수가 가장 낮은 문서부터.
고른 시점에 순위를 매깁니다. 새 제안이 생기면 다시 골라 순위를 갱신하세요.</translation>
    </message>
    <message>
        <source>with status “{0}”</source>
        <translation>상태가 “{0}”인</translation>
    </message>
    <message>
        <source>published {0} – {1}</source>
        <translation>{0} – {1}에 발행된</translation>
    </message>
    <message>
        <source>No document contains “{0}”.</source>
        <translation>“{0}”이(가) 든 문서가 없습니다.</translation>
    </message>
    <message>
        <source>(Only the documents {0} were searched.)</source>
        <translation>({0} 문서만 찾았습니다.)</translation>
    </message>
    <message>
        <source> and </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Exact spacing is on: the spaces of the query must be in the text.</source>
        <translation>띄어쓰기 일치가 켜져 있습니다: 검색어의 띄어쓰기가 본문에도 있어야 합니다.</translation>
    </message>
    <message>
        <source>Spaces and line breaks are ignored.</source>
        <translation>띄어쓰기와 줄바꿈은 무시합니다.</translation>
    </message>
    <message>
        <source>Clear the search box (⊗) to list every document.</source>
        <translation>검색창을 비우면(⊗) 모든 문서가 다시 보입니다.</translation>
    </message>
    <message>
        <source>No document {0}.</source>
        <translation>{0} 문서가 없습니다.</translation>
    </message>
    <message>
        <source>Choose “All statuses” or clear the dates to list every document.</source>
        <translation>“모든 상태”를 고르거나 날짜를 지우면 모든 문서가 다시 보입니다.</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>저장하지 않았습니다</translation>
    </message>
    <message>
        <source>Exact spacing</source>
        <translation>띄어쓰기 일치</translation>
    </message>
    <message>
        <source>Off: the search ignores spaces and line breaks, so 혁신특구 finds 글로벌 혁신 특구.
On: spaces in the query must be in the text.</source>
        <translation>끄면: 띄어쓰기와 줄바꿈을 무시하므로 혁신특구로 글로벌 혁신 특구를 찾습니다.
켜면: 검색어의 띄어쓰기가 본문에도 있어야 합니다.</translation>
    </message>
</context>
<context>
    <name>EditingMixin</name>
    <message>
        <source>Active label: {0}</source>
        <translation>현재 레이블: {0}</translation>
    </message>
    <message>
        <source>No entity of another layer here to copy</source>
        <translation>여기에는 복사할 다른 레이어의 개체가 없습니다</translation>
    </message>
    <message>
        <source>Select an entity to adjust its boundaries</source>
        <translation>경계를 조정할 개체를 선택하세요</translation>
    </message>
    <message>
        <source>An entity needs at least one character</source>
        <translation>개체는 한 글자 이상이어야 합니다</translation>
    </message>
    <message>
        <source>Select the head entity first, then press R</source>
        <translation>먼저 머리 개체를 선택한 뒤 R을 누르세요</translation>
    </message>
    <message>
        <source>Put the caret in the tail entity, then press R or Enter</source>
        <translation>꼬리 개체에 커서를 두고 R 또는 Enter를 누르세요</translation>
    </message>
    <message>
        <source>Relation from “{0}”: click the tail entity, or put the caret in it and press R or Enter (Esc cancels)</source>
        <translation>“{0}”에서 시작하는 관계: 꼬리 개체를 클릭하거나, 커서를 꼬리 개체에 두고 R 또는 Enter를 누르세요 (Esc로 취소)</translation>
    </message>
    <message>
        <source>The scheme allows no relation from {0} to {1}; from {1} to {0} it allows {2}: select “{3}” first, then press R</source>
        <translation>레이블 체계에 {0}에서 {1}(으)로 가는 관계가 없습니다. {1}에서 {0}(으)로는 {2}이(가) 있습니다: “{3}”을(를) 먼저 선택하고 R을 누르세요</translation>
    </message>
    <message>
        <source>The scheme allows no relation between {0} and {1} (Edit ▸ Label scheme sets which labels each relation links)</source>
        <translation>레이블 체계에 {0}와(과) {1}을(를) 잇는 관계가 없습니다 (편집 ▸ 레이블 체계에서 관계마다 이을 레이블을 정합니다)</translation>
    </message>
    <message>
        <source>article text</source>
        <translation>기사 본문</translation>
    </message>
    <message>
        <source>boilerplate</source>
        <translation>기사 외 영역</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>빈 줄</translation>
    </message>
    <message>
        <source>not classified</source>
        <translation>분류 안 됨</translation>
    </message>
    <message>
        <source>Line {0}: not classified</source>
        <translation>{0}번 줄: 분류 안 됨</translation>
    </message>
    <message>
        <source>Line {0}: {1}</source>
        <translation>{0}번 줄: {1}</translation>
    </message>
    <message>
        <source>Marked by a reviewer (the segmenter said: {0})</source>
        <translation>검토자가 지정함 (자동 분류: {0})</translation>
    </message>
    <message>
        <source>no reason recorded</source>
        <translation>기록된 이유 없음</translation>
    </message>
    <message>
        <source>Segmenter: {0}</source>
        <translation>자동 분류 이유: {0}</translation>
    </message>
    <message>
        <source>Label all “{0}” in this article</source>
        <translation>이 기사의 모든 “{0}”에 레이블 지정</translation>
    </message>
    <message>
        <source>Label all “{0}” in the whole project</source>
        <translation>프로젝트 전체의 모든 “{0}”에 레이블 지정</translation>
    </message>
    <message>
        <source>Change label</source>
        <translation>레이블 변경</translation>
    </message>
    <message>
        <source>Start a relation from here (R)</source>
        <translation>여기서 관계 시작 (R)</translation>
    </message>
    <message>
        <source>Delete entity</source>
        <translation>개체 삭제</translation>
    </message>
    <message>
        <source>Copy “{0}” ({1}, {2}) into my layer (C)</source>
        <translation>“{0}” ({1}, {2}) 내 레이어로 복사 (C)</translation>
    </message>
    <message>
        <source>Copy all {0} entities of {1} into my layer</source>
        <translation>{1}의 개체 {0}개 모두 내 레이어로 복사</translation>
    </message>
    <message>
        <source>Delete relation</source>
        <translation>관계 삭제</translation>
    </message>
    <message>
        <source>Mark line {0} as content</source>
        <translation>{0}번 줄을 본문으로 표시</translation>
    </message>
    <message>
        <source>Mark line {0} as boilerplate</source>
        <translation>{0}번 줄을 기사 외 영역로 표시</translation>
    </message>
    <message>
        <source>Clear the line override</source>
        <translation>줄 지정 해제</translation>
    </message>
    <message>
        <source>Hide boilerplate lines</source>
        <translation>기사 외 영역 숨기기</translation>
    </message>
</context>
<context>
    <name>EntityCatalogueDialog</name>
    <message>
        <source>Canonical entities</source>
        <translation>대표 개체</translation>
    </message>
    <message>
        <source>File the proposals</source>
        <translation>제안을 목록에 넣기</translation>
    </message>
    <message>
        <source>Add every automatically proposed name (abbreviations, short forms) to the catalogue, where you can correct it</source>
        <translation>자동으로 제안된 이름(약칭, 줄임)을 모두 개체 목록에 넣습니다. 목록에서 고칠 수 있습니다</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>레이블:</translation>
    </message>
    <message>
        <source>Entity / alias</source>
        <translation>개체 / 다른 이름</translation>
    </message>
    <message>
        <source>Linked mentions</source>
        <translation>연결된 언급</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>합치기</translation>
    </message>
    <message>
        <source>Split off…</source>
        <translation>떼어 내기…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>이름 바꾸기…</translation>
    </message>
    <message>
        <source>Add alias…</source>
        <translation>다른 이름 추가…</translation>
    </message>
    <message>
        <source>Remove alias</source>
        <translation>다른 이름 빼기</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>개체 목록</translation>
    </message>
    <message>
        <source>Mention</source>
        <translation>언급</translation>
    </message>
    <message>
        <source>Canonical name</source>
        <translation>대표 이름</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>근거</translation>
    </message>
    <message>
        <source>Link to the selected entity</source>
        <translation>선택한 개체에 연결</translation>
    </message>
    <message>
        <source>New entity from mention…</source>
        <translation>언급으로 새 개체…</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>연결 해제</translation>
    </message>
    <message>
        <source>Mentions in the open document</source>
        <translation>열린 문서의 언급</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>저장하지 않았습니다</translation>
    </message>
    <message>
        <source>Filing the proposals</source>
        <translation>제안을 목록에 넣는 중</translation>
    </message>
    <message>
        <source>Select two or more entities to merge.</source>
        <translation>합칠 개체를 둘 이상 선택하세요.</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>떼어 내기</translation>
    </message>
    <message>
        <source>Select the aliases of one entity to split off.</source>
        <translation>한 개체에서 떼어 낼 다른 이름을 선택하세요.</translation>
    </message>
    <message>
        <source>Split off</source>
        <translation>떼어 내기</translation>
    </message>
    <message>
        <source>Name of the other entity:</source>
        <translation>새 개체의 이름:</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <source>Canonical name:</source>
        <translation>대표 이름:</translation>
    </message>
    <message>
        <source>Add alias</source>
        <translation>다른 이름 추가</translation>
    </message>
    <message>
        <source>Another name of this entity:</source>
        <translation>이 개체의 다른 이름:</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Select a mention and an entity.</source>
        <translation>언급과 개체를 하나씩 선택하세요.</translation>
    </message>
    <message>
        <source>New entity</source>
        <translation>새 개체</translation>
    </message>
</context>
<context>
    <name>EntityTableModel</name>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>가져옴</translation>
    </message>
    <message>
        <source>by %1 at %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>LabelDescription</name>
    <message>
        <source>Organisations: ministries, agencies, local governments, companies, technoparks (중소벤처기업부, 강원도, 원주의료기기테크노밸리)</source>
        <translation>기관: 부처, 공공기관, 지방자치단체, 기업, 테크노파크 (중소벤처기업부, 강원도, 원주의료기기테크노밸리)</translation>
    </message>
    <message>
        <source>People by name (오기웅)</source>
        <translation>이름으로 나온 사람 (오기웅)</translation>
    </message>
    <message>
        <source>Titles and positions (차관, 도지사, 부단체장)</source>
        <translation>직함과 직위 (차관, 도지사, 부단체장)</translation>
    </message>
    <message>
        <source>Regions, cities and places (강원, 원주시, 부산)</source>
        <translation>지역, 도시, 장소 (강원, 원주시, 부산)</translation>
    </message>
    <message>
        <source>Designated zones: 규제자유특구, 글로벌 혁신 특구, 연구개발특구</source>
        <translation>지정된 특구: 규제자유특구, 글로벌 혁신 특구, 연구개발특구</translation>
    </message>
    <message>
        <source>Policies, programmes and projects (실증사업, 네거티브 규제 특례)</source>
        <translation>정책, 프로그램, 사업 (실증사업, 네거티브 규제 특례)</translation>
    </message>
    <message>
        <source>Events and meetings (협의회, 설명회, 지정 심의)</source>
        <translation>행사와 회의 (협의회, 설명회, 지정 심의)</translation>
    </message>
    <message>
        <source>Industry fields (AI헬스케어, 이차전지, 수소)</source>
        <translation>산업 분야 (AI헬스케어, 이차전지, 수소)</translation>
    </message>
    <message>
        <source>Dates and periods (13일, 2024년 3월, 지난해)</source>
        <translation>날짜와 기간 (13일, 2024년 3월, 지난해)</translation>
    </message>
    <message>
        <source>Amounts of money (120억 원)</source>
        <translation>금액 (120억 원)</translation>
    </message>
    <message>
        <source>Counts and figures (4개 시·도, 30개 기업)</source>
        <translation>수량과 수치 (4개 시·도, 30개 기업)</translation>
    </message>
    <message>
        <source>A person belongs to an organisation</source>
        <translation>사람이 기관에 소속됨</translation>
    </message>
    <message>
        <source>A person holds a title</source>
        <translation>사람이 직위를 가짐</translation>
    </message>
    <message>
        <source>A zone, organisation or event lies in a region</source>
        <translation>특구, 기관, 행사가 어느 지역에 있음</translation>
    </message>
    <message>
        <source>An organisation designates a zone</source>
        <translation>기관이 특구를 지정함</translation>
    </message>
    <message>
        <source>A zone or organisation works in an industry field</source>
        <translation>특구나 기관이 어느 산업 분야에서 활동함</translation>
    </message>
    <message>
        <source>An organisation or person hosts an event</source>
        <translation>기관이나 사람이 행사를 주최함</translation>
    </message>
    <message>
        <source>A person or organisation attends an event</source>
        <translation>사람이나 기관이 행사에 참석함</translation>
    </message>
    <message>
        <source>An organisation runs a policy or programme</source>
        <translation>기관이 정책이나 사업을 추진함</translation>
    </message>
    <message>
        <source>An event, zone or policy has a date</source>
        <translation>행사, 특구, 정책의 날짜</translation>
    </message>
    <message>
        <source>A policy or zone has an amount of money</source>
        <translation>정책이나 특구의 금액</translation>
    </message>
    <message>
        <source>A zone, policy or event has a figure</source>
        <translation>특구, 정책, 행사의 수치</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>인물</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>지역·장소</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>기관</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>수량</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <source>Labels</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>키 %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>개체</translation>
    </message>
    <message>
        <source>Relations</source>
        <translation>관계</translation>
    </message>
    <message>
        <source>all changes saved</source>
        <translation>모든 변경 사항 저장됨</translation>
    </message>
    <message>
        <source>This is the last document of the list.</source>
        <translation>목록의 마지막 문서입니다.</translation>
    </message>
    <message>
        <source>This is the first document of the list.</source>
        <translation>목록의 첫 문서입니다.</translation>
    </message>
    <message>
        <source>No document left to review in this list: %1 done, %2 skipped, %3 in total.</source>
        <translation>이 목록에 검토할 문서가 남지 않았습니다: 완료 %1, 건너뜀 %2, 전체 %3.</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>%1 저장됨</translation>
    </message>
    <message>
        <source>Entities (%1)</source>
        <translation>개체 (%1)</translation>
    </message>
    <message>
        <source>Relations (%1)</source>
        <translation>관계 (%1)</translation>
    </message>
    <message>
        <source>%1 mine, %2 in other layers</source>
        <translation>내 것 %1개, 다른 레이어 %2개</translation>
    </message>
    <message>
        <source>%1 gold, %2 in reviewer layers</source>
        <translation>골드 %1개, 검토자 레이어 %2개</translation>
    </message>
    <message>
        <source>Reviewer: %1</source>
        <translation>검토자: %1</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>%2개 중 %1개 완료</translation>
    </message>
</context>
<context>
    <name>OverlayPainter</name>
    <message>
        <source>⋯ {0} lines hidden</source>
        <translation>⋯ {0}줄 숨김</translation>
    </message>
</context>
<context>
    <name>PatternEditor</name>
    <message>
        <source>Suggestion patterns of %1</source>
        <translation>%1의 제안 패턴</translation>
    </message>
    <message>
        <source>Add regex</source>
        <translation>정규식 추가</translation>
    </message>
    <message>
        <source>Add token pattern</source>
        <translation>토큰 패턴 추가</translation>
    </message>
    <message>
        <source>Add word list</source>
        <translation>단어 목록 추가</translation>
    </message>
    <message>
        <source>Word list (one a line)</source>
        <translation>단어 목록 (한 줄에 하나)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Patterns</source>
        <translation>패턴</translation>
    </message>
    <message>
        <source>Regular expression over a line</source>
        <translation>한 줄에 대한 정규식</translation>
    </message>
    <message>
        <source>Kiwi token sequence (JSON list)</source>
        <translation>Kiwi 토큰 열 (JSON 목록)</translation>
    </message>
    <message>
        <source>(?P&lt;ent&gt;\d+개)  — the group named ent is the entity</source>
        <translation>(?P&lt;ent&gt;\d+개)  — ent라는 이름의 그룹이 개체입니다</translation>
    </message>
    <message>
        <source>token patterns: only lines matching this regex are analysed</source>
        <translation>토큰 패턴: 이 정규식에 맞는 줄만 분석합니다</translation>
    </message>
    <message>
        <source>How often a reviewer accepts what this pattern proposes</source>
        <translation>이 패턴이 제안한 것을 검토자가 받아들이는 비율</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>사용</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>패턴</translation>
    </message>
    <message>
        <source>Requires</source>
        <translation>필요 조건</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Selected pattern</source>
        <translation>선택한 패턴</translation>
    </message>
    <message>
        <source>Type or paste a text to try the pattern on</source>
        <translation>패턴을 시험할 텍스트를 입력하거나 붙여 넣으세요</translation>
    </message>
    <message>
        <source>Test on this text</source>
        <translation>이 텍스트로 시험</translation>
    </message>
    <message>
        <source>The pattern is valid.</source>
        <translation>패턴이 올바릅니다.</translation>
    </message>
    <message>
        <source>Fix the pattern to see its matches.</source>
        <translation>일치 결과를 보려면 패턴을 고치세요.</translation>
    </message>
    <message>
        <source>Analysing with Kiwi…</source>
        <translation>Kiwi로 분석하는 중…</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n건 일치</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelationCandidateReview</name>
    <message>
        <source>Relation suggestions not updated: {0}</source>
        <translation>관계 제안을 갱신하지 못함: {0}</translation>
    </message>
    <message>
        <source>accept {0} suggested relations</source>
        <translation>제안된 관계 {0}개 수락</translation>
    </message>
    <message>
        <source>Not accepted: {0}</source>
        <translation>수락되지 않음: {0}</translation>
    </message>
    <message>
        <source>Accepted the suggested {0} relation</source>
        <translation>제안된 {0} 관계를 수락함</translation>
    </message>
    <message>
        <source>Accepted {0} suggested relations</source>
        <translation>제안된 관계 {0}개를 수락함</translation>
    </message>
    <message>
        <source>reject {0} suggested relations</source>
        <translation>제안된 관계 {0}개 거절</translation>
    </message>
    <message>
        <source>Not rejected: {0}</source>
        <translation>거절되지 않음: {0}</translation>
    </message>
    <message>
        <source>Rejected the suggested {0} relation</source>
        <translation>제안된 {0} 관계를 거절함</translation>
    </message>
    <message>
        <source>Rejected {0} suggested relations</source>
        <translation>제안된 관계 {0}개를 거절함</translation>
    </message>
    <message>
        <source>accept {0} suggestion as {1}</source>
        <translation>{0} 제안을 {1}(으)로 수락</translation>
    </message>
    <message>
        <source>accept {0} suggestion</source>
        <translation>{0} 제안 수락</translation>
    </message>
    <message>
        <source>reject {0} suggestion</source>
        <translation>{0} 제안 거절</translation>
    </message>
    <message>
        <source>accept all suggested relations</source>
        <translation>제안된 관계 모두 수락</translation>
    </message>
    <message>
        <source>reject all suggested relations</source>
        <translation>제안된 관계 모두 거절</translation>
    </message>
    <message>
        <source>Suggested relation {0}: {1} “{2}” → {3} “{4}”
{5}, score {6:.2f}{7}
Enter or a click accepts, Backspace rejects</source>
        <translation>제안된 관계 {0}: {1} “{2}” → {3} “{4}”
{5}, 점수 {6:.2f}{7}
Enter 또는 클릭으로 수락, Backspace로 거절</translation>
    </message>
</context>
<context>
    <name>RelationSuggestionList</name>
    <message>
        <source>Suggested relations (Enter accepts, Backspace rejects)</source>
        <translation>제안된 관계 (Enter 수락, Backspace 거절)</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>모두 수락</translation>
    </message>
    <message>
        <source>Accept every suggested relation shown for this document (one undo step)</source>
        <translation>이 문서에 표시된 제안 관계를 모두 수락 (한 번에 실행 취소)</translation>
    </message>
    <message>
        <source>Reject all</source>
        <translation>모두 거절</translation>
    </message>
    <message>
        <source>Reject every suggested relation shown for this document (one undo step)</source>
        <translation>이 문서에 표시된 제안 관계를 모두 거절 (한 번에 실행 취소)</translation>
    </message>
    <message>
        <source>suggested · {0} → {1} · {2} · {3:.2f}</source>
        <translation>제안 · {0} → {1} · {2} · {3:.2f}</translation>
    </message>
</context>
<context>
    <name>RelationTableModel</name>
    <message>
        <source>Head</source>
        <translation>머리</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>관계</translation>
    </message>
    <message>
        <source>Tail</source>
        <translation>꼬리</translation>
    </message>
</context>
<context>
    <name>ReviewerDialog</name>
    <message>
        <source>Who is annotating?</source>
        <translation>누가 주석을 다나요?</translation>
    </message>
    <message>
        <source>Your name is stored with every entity, relation and status you set.</source>
        <translation>입력한 이름은 지정하는 모든 개체, 관계, 상태와 함께 저장됩니다.</translation>
    </message>
    <message>
        <source>It is filled in with your login name; change it if others share this account. Quit closes the annotator: it cannot record work without a name.</source>
        <translation>로그인 이름을 미리 채웠습니다. 이 계정을 여럿이 쓰면 바꾸세요. 종료를 누르면 프로그램을 닫습니다: 이름 없이는 작업을 기록할 수 없습니다.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>This project file was handed out to %1. Work as %1 in it? Your work then goes back into their layer when the file is merged.</source>
        <translation>이 프로젝트 파일은 %1에게 나눠 준 것입니다. 이 파일에서 %1(으)로 작업할까요? 그러면 파일을 병합할 때 작업이 %1의 레이어로 돌아갑니다.</translation>
    </message>
    <message>
        <source>Quit closes the annotator: it cannot record work without a name.</source>
        <translation>종료를 누르면 프로그램을 닫습니다: 이름 없이는 작업을 기록할 수 없습니다.</translation>
    </message>
    <message>
        <source>Work as %1</source>
        <translation>%1(으)로 작업</translation>
    </message>
</context>
<context>
    <name>SchemeDialog</name>
    <message>
        <source>Patterns…</source>
        <translation>패턴…</translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion pattern(s)</source>
        <translation>
            <numerusform>제안 패턴 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Label scheme</source>
        <translation>레이블 체계</translation>
    </message>
    <message>
        <source>Load a preset…</source>
        <translation>프리셋 불러오기…</translation>
    </message>
    <message>
        <source>Import JSON…</source>
        <translation>JSON 가져오기…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON 내보내기…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Korean name</source>
        <translation>한국어 이름</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>색상</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Report role</source>
        <translation>보고서 역할</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>머리 레이블</translation>
    </message>
    <message>
        <source>Tails</source>
        <translation>꼬리 레이블</translation>
    </message>
    <message>
        <source>Entity labels</source>
        <translation>개체 레이블</translation>
    </message>
    <message>
        <source>Add label</source>
        <translation>레이블 추가</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>색상…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Relation types</source>
        <translation>관계 유형</translation>
    </message>
    <message>
        <source>Add relation</source>
        <translation>관계 추가</translation>
    </message>
    <message>
        <source>Allowed labels…</source>
        <translation>허용 레이블…</translation>
    </message>
    <message>
        <source>Renaming a label keeps its spans. Keys are single characters such as 1–9 and 0.</source>
        <translation>레이블 이름을 바꿔도 주석은 유지됩니다. 키는 1–9, 0 같은 한 글자입니다.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>What this label is in the Excel report: the zone, its region, field, ...</source>
        <translation>Excel 보고서에서 이 레이블이 맡는 역할: 특구, 지역, 분야 …</translation>
    </message>
    <message>
        <source>Label colour</source>
        <translation>레이블 색상</translation>
    </message>
    <message>
        <source>Cannot load scheme</source>
        <translation>레이블 체계를 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>Import label scheme</source>
        <translation>레이블 체계 가져오기</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export label scheme</source>
        <translation>레이블 체계 내보내기</translation>
    </message>
    <message>
        <source>Cannot export scheme</source>
        <translation>레이블 체계를 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Invalid label scheme</source>
        <translation>잘못된 레이블 체계</translation>
    </message>
    <message>
        <source>spans</source>
        <translation>개 개체</translation>
    </message>
    <message>
        <source>relations</source>
        <translation>개 관계</translation>
    </message>
    <message>
        <source>Delete labels in use?</source>
        <translation>사용 중인 레이블을 삭제할까요?</translation>
    </message>
    <message>
        <source>These labels are in use and will be deleted together with their annotations:</source>
        <translation>다음 레이블은 사용 중이며 해당 주석과 함께 삭제됩니다:</translation>
    </message>
    <message>
        <source>Delete them?</source>
        <translation>삭제할까요?</translation>
    </message>
    <message>
        <source>Cannot save label scheme</source>
        <translation>레이블 체계를 저장할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>new</source>
        <translation>새 문서</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>건너뜀</translation>
    </message>
</context>
<context>
    <name>SuggestionBar</name>
    <message>
        <source>score ≥ </source>
        <translation>점수 ≥ </translation>
    </message>
    <message>
        <source>Hide suggestions scored below this</source>
        <translation>이 점수보다 낮은 제안 숨기기</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>모두 수락</translation>
    </message>
    <message>
        <source>Accept every pending suggestion of this document (one undo step)</source>
        <translation>이 문서의 남은 제안을 모두 수락(실행 취소 한 번)</translation>
    </message>
    <message>
        <source>Accept the suggestions scored at or above the threshold</source>
        <translation>기준 점수 이상인 제안 수락</translation>
    </message>
    <message>
        <source>Reject all</source>
        <translation>모두 거절</translation>
    </message>
    <message>
        <source>Reject every pending suggestion of this document (one undo step)</source>
        <translation>이 문서의 남은 제안을 모두 거절(실행 취소 한 번)</translation>
    </message>
    <message>
        <source>{0} suggestions</source>
        <translation>제안 {0}개</translation>
    </message>
    <message>
        <source>1 suggestion</source>
        <translation>제안 1개</translation>
    </message>
    <message>
        <source> · 1 suggested relation</source>
        <translation> · 제안된 관계 1개</translation>
    </message>
    <message>
        <source> · {0} suggested relations</source>
        <translation> · 제안된 관계 {0}개</translation>
    </message>
    <message>
        <source> ({0} below the threshold)</source>
        <translation> (기준 미만 {0}개)</translation>
    </message>
    <message>
        <source> · {0} suggested relations hidden (Suggestions menu)</source>
        <translation> · 제안된 관계 {0}개 숨김 (제안 메뉴)</translation>
    </message>
    <message>
        <source>Accept ≥ {0:.2f}</source>
        <translation>{0:.2f} 이상 수락</translation>
    </message>
</context>
<context>
    <name>SuggestionReview</name>
    <message>
        <source>Not accepted: {0}</source>
        <translation>수락하지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>Nothing accepted: your entities are in the way</source>
        <translation>수락한 것이 없습니다: 내 개체와 겹칩니다</translation>
    </message>
    <message>
        <source>accept {0} suggestions</source>
        <translation>제안 {0}개 수락</translation>
    </message>
    <message>
        <source>Accepted {0} “{1}”</source>
        <translation>{0} “{1}” 수락함</translation>
    </message>
    <message>
        <source>Accepted {0} suggestions</source>
        <translation>제안 {0}개 수락함</translation>
    </message>
    <message>
        <source>Not rejected: {0}</source>
        <translation>거절하지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>reject {0} suggestions</source>
        <translation>제안 {0}개 거절</translation>
    </message>
    <message>
        <source>Rejected {0} “{1}”</source>
        <translation>{0} “{1}” 거절함</translation>
    </message>
    <message>
        <source>Rejected {0} suggestions</source>
        <translation>제안 {0}개 거절함</translation>
    </message>
    <message>
        <source>accept {0} suggestion</source>
        <translation>{0} 제안 수락</translation>
    </message>
    <message>
        <source>reject {0} suggestion</source>
        <translation>{0} 제안 거절</translation>
    </message>
    <message>
        <source>accept all suggestions</source>
        <translation>제안 모두 수락</translation>
    </message>
    <message>
        <source>accept suggestions scored {0:.2f} or more</source>
        <translation>점수 {0:.2f} 이상 제안 수락</translation>
    </message>
    <message>
        <source>reject all suggestions</source>
        <translation>제안 모두 거절</translation>
    </message>
    <message>
        <source>No suggestions shown in this document</source>
        <translation>이 문서에 표시된 제안이 없습니다</translation>
    </message>
    <message>
        <source>Suggestion {0} of {1}: {2} “{3}” ({4}, score {5:.2f}). Enter accepts, Backspace rejects, a label key accepts with that label</source>
        <translation>제안 {0}/{1}: {2} “{3}” ({4}, 점수 {5:.2f}). Enter 수락, Backspace 거절, 레이블 키는 그 레이블로 수락</translation>
    </message>
    <message>
        <source>Accept suggested relation (Enter)</source>
        <translation>제안된 관계 수락 (Enter)</translation>
    </message>
    <message>
        <source>Accept as (R)</source>
        <translation>다른 유형으로 수락 (R)</translation>
    </message>
    <message>
        <source>Reject suggested relation (Backspace)</source>
        <translation>제안된 관계 거절 (Backspace)</translation>
    </message>
    <message>
        <source>Accept suggestion “{0}” as {1} (Enter)</source>
        <translation>제안 “{0}”을(를) {1}(으)로 수락 (Enter)</translation>
    </message>
    <message>
        <source>Accept as</source>
        <translation>다른 레이블로 수락</translation>
    </message>
    <message>
        <source>Reject suggestion (Backspace)</source>
        <translation>제안 거절 (Backspace)</translation>
    </message>
    <message>
        <source>Suggested {0} · {1}, score {2:.2f}{3}
Enter or a click on the chip accepts, Backspace rejects, a label key accepts with that label</source>
        <translation>제안: {0} · {1}, 점수 {2:.2f}{3}
Enter 또는 칩 클릭으로 수락, Backspace로 거절, 레이블 키로 그 레이블로 수락</translation>
    </message>
</context>
<context>
    <name>TrainDialog</name>
    <message>
        <source>Replace the model?</source>
        <translation>모델을 바꿀까요?</translation>
    </message>
    <message>
        <source>%1 holds a model trained before. Training replaces it, also when it is cancelled. Replace it? (Choose another model folder to keep it.)</source>
        <translation>%1에는 전에 학습한 모델이 있습니다. 학습하면, 취소하더라도 이 모델이 바뀝니다. 바꿀까요? (남겨 두려면 다른 모델 폴더를 고르세요.)</translation>
    </message>
    <message>
        <source>Train the entity model</source>
        <translation>개체 모델 학습</translation>
    </message>
    <message>
        <source>Documents I marked done</source>
        <translation>내가 완료한 문서</translation>
    </message>
    <message>
        <source>Documents anyone marked done</source>
        <translation>누군가 완료한 문서</translation>
    </message>
    <message>
        <source>Every document with entities</source>
        <translation>개체가 있는 모든 문서</translation>
    </message>
    <message>
        <source>Adjudicated documents (their gold layer)</source>
        <translation>판정을 마친 문서 (골드 레이어)</translation>
    </message>
    <message>
        <source>Train on:</source>
        <translation>학습할 문서:</translation>
    </message>
    <message>
        <source>Use the project&apos;s entity strings as user words of the tokenizer (as the CLI&apos;s --user-words)</source>
        <translation>프로젝트의 개체 문자열을 형태소 분석기 사용자 단어로 사용 (CLI의 --user-words와 같음)</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>모델 폴더:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Too little to learn from:</source>
        <translation>학습 자료가 부족합니다:</translation>
    </message>
    <message>
        <source>Folder for the trained model</source>
        <translation>학습한 모델을 저장할 폴더</translation>
    </message>
</context>
</TS>
