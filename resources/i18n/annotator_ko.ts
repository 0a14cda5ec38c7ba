<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
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
        <source>&amp;Document</source>
        <translation>문서(&amp;D)</translation>
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
        <source>&amp;Collapse boilerplate</source>
        <translation>상용구 접기(&amp;C)</translation>
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
        <source>Imported %1 documents, %2 duplicates skipped, %3 problems.</source>
        <translation>문서 %1개를 가져왔습니다. 중복 %2개는 건너뛰었고 문제가 %3개 있습니다.</translation>
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
        <source>Documents (*.txt *.jsonl *.json *.html *.htm *.tsv *.conll *.zip);;All files (*)</source>
        <translation>문서 (*.txt *.jsonl *.json *.html *.htm *.tsv *.conll *.zip);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>가져오는 중</translation>
    </message>
    <message>
        <source>Folder for the trained model</source>
        <translation>학습한 모델을 저장할 폴더</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>학습 완료</translation>
    </message>
    <message>
        <source>The model was saved to %1.</source>
        <translation>모델을 %1에 저장했습니다.</translation>
    </message>
    <message>
        <source>Training the entity model</source>
        <translation>개체 인식 모델 학습 중</translation>
    </message>
    <message>
        <source>label the selection with that label (or relabel the selected entity)</source>
        <translation>선택 영역에 해당 레이블 지정 (선택한 개체는 레이블 변경)</translation>
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
        <source>exact selection without snapping</source>
        <translation>형태소 맞춤 없이 정확히 선택</translation>
    </message>
    <message>
        <source>extend the selection by a morpheme</source>
        <translation>형태소 단위로 선택 확장</translation>
    </message>
    <message>
        <source>start a relation from the selected entity</source>
        <translation>선택한 개체에서 관계 시작</translation>
    </message>
    <message>
        <source>delete the selected entity or relation</source>
        <translation>선택한 개체나 관계 삭제</translation>
    </message>
    <message>
        <source>next / previous document</source>
        <translation>다음 / 이전 문서</translation>
    </message>
    <message>
        <source>mark done and open the next document</source>
        <translation>완료 표시 후 다음 문서 열기</translation>
    </message>
    <message>
        <source>skip and open the next document</source>
        <translation>건너뛰고 다음 문서 열기</translation>
    </message>
    <message>
        <source>undo / redo</source>
        <translation>실행 취소 / 다시 실행</translation>
    </message>
    <message>
        <source>search the documents</source>
        <translation>문서 검색</translation>
    </message>
    <message>
        <source>collapse boilerplate lines</source>
        <translation>상용구 줄 접기</translation>
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
        <source>Documents marked done</source>
        <translation>완료된 문서</translation>
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
        <translation>페이지 전체 (부가 요소 포함)</translation>
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
        <source>The export was cancelled; nothing was written.</source>
        <translation>내보내기를 취소했습니다. 아무것도 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>Exported %1 documents, %2 entities and %3 relations to
%4</source>
        <translation>문서 %1건, 개체 %2개, 관계 %3개를 내보냈습니다:
%4</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>내보내기 완료</translation>
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
        <source>Wrote the report with %1 documents, %2 entities, %3 zones and %4 people to
%5</source>
        <translation>문서 %1건, 개체 %2개, 특구 %3곳, 인물 %4명으로 보고서를 작성했습니다:
%5</translation>
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
        <source>Search index ready: %1 documents added</source>
        <translation>검색 색인 완료: 문서 %1개 추가</translation>
    </message>
    <message>
        <source>Search index not built: %1</source>
        <translation>검색 색인을 만들지 못했습니다: %1</translation>
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
        <source>Hide boilerplate</source>
        <translation>상용구 숨기기</translation>
    </message>
    <message>
        <source>Collapse runs of boilerplate lines into one marker</source>
        <translation>연속된 상용구 줄을 표시 하나로 접기</translation>
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
        <source>(untitled #%1)</source>
        <translation>(제목 없음 #%1)</translation>
    </message>
    <message>
        <source>Not found on the page; double-click to enter it</source>
        <translation>페이지에서 찾지 못했습니다. 두 번 클릭해 입력하세요</translation>
    </message>
</context>
<context>
    <name>DocumentListPanel</name>
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
        <source>Not saved</source>
        <translation>저장하지 않았습니다</translation>
    </message>
</context>
<context>
    <name>EditingMixin</name>
    <message>
        <source>Active label: {0}</source>
        <translation>현재 레이블: {0}</translation>
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
        <source>Relation from “{0}”: click the tail entity (Esc cancels)</source>
        <translation>“{0}”에서 시작하는 관계: 꼬리 개체를 클릭하세요 (Esc로 취소)</translation>
    </message>
    <message>
        <source>Put the caret in the tail entity, then press R or Enter</source>
        <translation>꼬리 개체에 커서를 두고 R 또는 Enter를 누르세요</translation>
    </message>
    <message>
        <source>The scheme allows no relation from {0} to {1}</source>
        <translation>레이블 체계에 {0}에서 {1}(으)로 가는 관계가 없습니다</translation>
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
        <source>Delete relation</source>
        <translation>관계 삭제</translation>
    </message>
    <message>
        <source>Mark line {0} as content</source>
        <translation>{0}번 줄을 본문으로 표시</translation>
    </message>
    <message>
        <source>Mark line {0} as boilerplate</source>
        <translation>{0}번 줄을 상용구로 표시</translation>
    </message>
    <message>
        <source>Clear the line override</source>
        <translation>줄 지정 해제</translation>
    </message>
    <message>
        <source>Hide boilerplate</source>
        <translation>상용구 숨기기</translation>
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
    <name>EntityList</name>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>by %1 at %2</source>
        <translation>%1, %2</translation>
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
        <source>Done. That was the last document of the list.</source>
        <translation>완료했습니다. 목록의 마지막 문서였습니다.</translation>
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
    <name>RelationList</name>
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
        <source>Your name</source>
        <translation>이름</translation>
    </message>
</context>
<context>
    <name>SchemeDialog</name>
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
</TS>
